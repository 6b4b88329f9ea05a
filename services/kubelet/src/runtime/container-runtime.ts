/** The pod a container belongs to, as the runtime needs to know it. */
export interface RuntimePod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
}

/** One container of the pod spec, the fields a runtime uses. */
export interface RuntimeContainer {
  readonly name: string;
  readonly image: string;
  /** An init container runs to completion before the regular ones start (a sidecar — restartPolicy Always — keeps running). */
  readonly init: boolean;
  readonly restartPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** The environment, resolved by the kubelet (downward API, ConfigMaps, Secrets, `$(VAR)` expanded). */
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly workingDir?: string;
  /** The ports the container declares (the process runtime tells the process through its environment). */
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  /** How many times the container was restarted before this start (the log file's name). */
  readonly restartCount?: number;
}

/** The pod-level features a runtime may not be able to honour. */
export interface RuntimePodFeatures {
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly hostNetwork: boolean;
  /** Containers (init ones too) with `securityContext.privileged: true`. */
  readonly privileged: readonly string[];
  readonly hostPaths: readonly { readonly volume: string; readonly path: string }[];
}

/** What the runtime knows of a container it runs or ran (the CRI's ContainerStatus, small). */
export interface RuntimeContainerStatus {
  readonly containerID: string;
  readonly imageID: string;
  readonly state: 'running' | 'exited';
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly exitCode?: number;
  /** `Completed`, `Error`, `OOMKilled`, … for an exited container. */
  readonly reason?: string;
  readonly message?: string;
}

/** A container a previous kubelet process reported in the pod's status. */
export interface ReportedContainer {
  readonly containerID: string;
  readonly imageID: string;
  readonly startedAt: string;
}

/** The end of a command run in a running container (the CRI's ExecSync). */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The command ran past its timeout and was killed. */
  readonly timedOut: boolean;
}

/** Where the log of one run of a container is, and whether it may still grow (what reading `pods/log` needs). */
export interface RuntimeContainerLog {
  /** The log file, in the CRI log format; undefined when the runtime keeps none (the `fake` runtime: an empty log). */
  readonly path?: string;
  /** Whether that run of the container is still running (following its log stops once it is not). */
  running(): boolean;
}

/**
 * How the kubelet runs containers (the CRI, cut down). Statuses are by pod uid and container
 * name; the runtime holds one current container per name (a restart replaces it).
 * - `fake`: no processes; a container is running the moment it is started (init containers
 *   complete at once) and stops at once.
 * - `process`: each container a host process; stop sends SIGTERM and SIGKILL after the
 *   grace period; exits are reported through `onExit`.
 */
export interface ContainerRuntime {
  /** `fake`, `process`: the scheme of container and image IDs. */
  readonly name: string;
  /** Why the runtime cannot run the pod as specified (it is then not started at all); undefined when it can. */
  unsupported?(podUid: string, features: RuntimePodFeatures): string | undefined;
  /**
   * Starts the container; resolves with its status once it has started (or failed to: `exited`).
   * Rejects with a ContainerConfigError when the container cannot be created as specified.
   */
  start(pod: RuntimePod, container: RuntimeContainer): Promise<RuntimeContainerStatus>;
  /** Stops the container within `gracePeriodMs` (then kills it); resolves with its final status. Undefined when unknown. */
  stop(podUid: string, containerName: string, gracePeriodMs: number): Promise<RuntimeContainerStatus | undefined>;
  /** The container's current status; undefined when the runtime does not know it. */
  status(podUid: string, containerName: string): RuntimeContainerStatus | undefined;
  /**
   * Takes over a container a previous kubelet started (after a kubelet restart): true when it is
   * still there and is now tracked again, false when it must be started anew.
   */
  adopt(pod: RuntimePod, container: RuntimeContainer, reported: ReportedContainer): boolean;
  /**
   * Runs `command` in the running container (exec probes), killed after `timeoutMs` or when
   * `signal` aborts; a command that cannot be started ends as a shell would say (exit code 126 or
   * 127, the reason on stderr). Rejects when the container is not running.
   */
  exec(podUid: string, containerName: string, command: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult>;
  /**
   * True when nothing runs (the `fake` runtime): nothing listens on its pods' IPs and nothing can
   * be executed in its containers, so every probe of them — exec, httpGet, tcpSocket, grpc — is
   * taken as a success without being run.
   */
  readonly probesSucceed: boolean;
  /**
   * The log of the container's run started after `restartCount` restarts (0: its first run), as
   * upstream's runtime finds it by the container's restart count; the log of a run it never
   * started is empty (the `process` runtime keeps the files of earlier kubelets' runs).
   */
  containerLog(podUid: string, containerName: string, restartCount: number): RuntimeContainerLog;
  /** Forgets the pod (its containers stopped): logs, state. */
  removePod(podUid: string): void;
  /** Called when a container changes state by itself (an exit), with its pod's uid. */
  onExit(listener: (podUid: string, containerName: string) => void): void;
  /** The kubelet stops: what the runtime does with its containers (the process runtime stops them). */
  shutdown?(): Promise<void>;
}
