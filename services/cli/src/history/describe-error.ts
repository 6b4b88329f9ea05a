import { isApiError, isTransportError } from '@kubeledger/client';

/** Where `kubeledger history` was when it failed: enough to say what to do next. */
export interface ErrorContext {
  readonly kubeconfig: string;
  /** The apiserver, once the kubeconfig was read. */
  readonly server?: string;
  /** The object, once its resource was resolved: `deployments.apps`, `web`, its namespace. */
  readonly target?: { readonly resource: string; readonly name: string; readonly namespace?: string };
}

/** One line saying what went wrong and what to do about it. */
export function describeError(err: unknown, ctx: ErrorContext): string {
  if (isTransportError(err)) {
    return `cannot reach the apiserver at ${ctx.server ?? 'the kubeconfig\u2019s server'} (${err.code}): check that it is running and that ${ctx.kubeconfig} points at it`;
  }
  if (isApiError(err)) {
    const { target } = ctx;
    const ns = target?.namespace ? ` -n ${target.namespace}` : '';
    switch (err.status) {
      case 401:
        return `the apiserver does not accept the credentials in ${ctx.kubeconfig} (${err.message}): get a kubeconfig that is valid, e.g. from kubeledger credentials`;
      case 403:
        return target
          ? `${err.message}: the history of an object is for those who may get it; ask an admin for get on ${target.resource} (check with kubectl auth can-i get ${target.resource}/${target.name}${ns})`
          : `${err.message}: ask an admin for access to the apiserver`;
      case 404:
        if (target && err.details?.name) {
          return `${err.message}: no revision of it is retained${target.namespace ? ` in namespace ${target.namespace}` : ''}; check the name, and the namespace (-n)`;
        }
        return `${err.message} (${err.request}): the apiserver at ${ctx.server ?? 'the kubeconfig\u2019s server'} does not serve object history; is it a kubeledger apiserver?`;
      default:
        return `Error from server (${err.reason}): ${err.message}`;
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  if (!ctx.server) return `cannot use kubeconfig ${ctx.kubeconfig}: ${message}; pass --kubeconfig <file> or set KUBECONFIG`;
  return message;
}
