// Test helpers of @kubeledger/api: builders for request bodies that clients send in binary form.
export { encodeKubernetesProtobuf, kubernetesProtobufEnvelope } from './protobuf/encode-kubernetes-protobuf.js';
export { fieldManagerBenchWrites } from './managed-fields/testing/bench-writes.js';
