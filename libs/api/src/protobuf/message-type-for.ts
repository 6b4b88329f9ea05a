import protobuf from 'protobufjs/light.js';
import { protoSchema } from './proto-schema.js';

/** The proto package of each API group (`k8s.io.api.<package>.<version>`). */
const GROUP_PACKAGES: Readonly<Record<string, string>> = {
  '': 'core',
  apps: 'apps',
  batch: 'batch',
  autoscaling: 'autoscaling',
  policy: 'policy',
  'coordination.k8s.io': 'coordination',
  'discovery.k8s.io': 'discovery',
  'events.k8s.io': 'events',
  'networking.k8s.io': 'networking',
  'rbac.authorization.k8s.io': 'rbac',
  'authentication.k8s.io': 'authentication',
  'authorization.k8s.io': 'authorization',
};

/** Kinds metav1.AddToGroupVersion registers in every group version, plus the unversioned ones: always meta/v1 messages. */
const META_KINDS = new Set(['DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions', 'GetOptions', 'ListOptions', 'WatchEvent', 'Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList']);
const META_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const OBJECT_META = '.k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = '.k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta';

/**
 * The message of a kind in a group version, if it is a registered kind: an object or list (it has
 * metadata) of a known group, or a meta kind such as DeleteOptions in any version.
 */
export function messageTypeFor(group: string, version: string, kind: string): protobuf.Type | undefined {
  const { root } = protoSchema();
  if (META_KINDS.has(kind)) return root.lookupType(`${META_PACKAGE}.${kind}`);
  const pkg = GROUP_PACKAGES[group];
  if (!pkg || !/^[a-z0-9]+$/.test(version) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  const found = root.lookup(`k8s.io.api.${pkg}.${version}.${kind}`);
  if (!(found instanceof protobuf.Type)) return undefined;
  const metadata = found.fields['metadata'];
  return metadata && (metadata.resolvedType?.fullName === OBJECT_META || metadata.resolvedType?.fullName === LIST_META) ? found : undefined;
}
