import type { AdmissionAttributes, ValidatingPlugin } from './admission-plugin.js';

/** The validating plugins, run in their fixed order (upstream's ordered plugin list). */
export class AdmissionChain {
  readonly #plugins: readonly ValidatingPlugin[];

  constructor(plugins: readonly ValidatingPlugin[]) {
    this.#plugins = plugins;
  }

  async validate(attributes: AdmissionAttributes): Promise<void> {
    for (const plugin of this.#plugins) {
      if (plugin.handles(attributes.operation)) await plugin.validate(attributes);
    }
  }
}
