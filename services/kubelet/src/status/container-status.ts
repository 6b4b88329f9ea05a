/** A container's state, as the API reports it (core/v1 ContainerState): exactly one is set. */
export interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: { readonly exitCode: number; readonly reason?: string; readonly message?: string; readonly startedAt?: string; readonly finishedAt?: string; readonly containerID?: string };
}

/** core/v1 ContainerStatus, the fields the kubelet reports. */
export interface ContainerStatus {
  readonly name: string;
  readonly image: string;
  readonly imageID: string;
  readonly containerID?: string;
  readonly ready: boolean;
  readonly started?: boolean;
  readonly restartCount: number;
  readonly state: ContainerState;
  readonly lastState: ContainerState;
}
