import type { KubeObject } from '@kubeledger/api';
import type { AdmissionAttributes, AdmissionPlugin } from './admission-plugin.js';

/**
 * The admission plugins, in their fixed order (upstream's ordered plugin list): every mutating
 * plugin first, each seeing what the one before it admitted, then every validating one.
 */
export class AdmissionChain {
  readonly #plugins: readonly AdmissionPlugin[];

  constructor(plugins: readonly AdmissionPlugin[]) {
    this.#plugins = plugins;
  }

  /** The names of the plugins that run, in order. */
  get names(): readonly string[] {
    return this.#plugins.map((p) => p.name);
  }

  /** Runs the mutating plugins; returns the object to store. */
  async admit(attributes: AdmissionAttributes): Promise<KubeObject | undefined> {
    let object = attributes.object;
    for (const plugin of this.#plugins) {
      if ('admit' in plugin && plugin.handles(attributes.operation)) object = await plugin.admit({ ...attributes, object });
    }
    return object;
  }

  async validate(attributes: AdmissionAttributes): Promise<void> {
    for (const plugin of this.#plugins) {
      if ('validate' in plugin && plugin.handles(attributes.operation)) await plugin.validate(attributes);
    }
  }
}
