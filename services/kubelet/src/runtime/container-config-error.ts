/**
 * A container that cannot be created as specified (upstream's CreateContainerConfigError): a
 * missing ConfigMap or Secret key, a feature the runtime cannot honour, no `command` for the
 * process runtime. The container is reported waiting with that reason and the message.
 */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

export const isContainerConfigError = (err: unknown): err is ContainerConfigError => err instanceof Error && err.name === 'ContainerConfigError';
