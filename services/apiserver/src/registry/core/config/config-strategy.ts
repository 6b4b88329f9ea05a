import type { FieldError, KubeObject } from '@kubeledger/api';
import { defaultStrategy } from '../../default-strategy.js';
import type { ResourceDefinition } from '../../resource-definition.js';
import type { ResourceStrategy } from '../../strategy.js';
import { forbidden, immutable, invalidValue, isConfigMapKey, sameValue } from '../../validation/field-errors.js';

/** api.MaxSecretSize: the data of one ConfigMap or Secret, in bytes. */
const MAX_SIZE = 1024 * 1024;
const IMMUTABLE = 'field is immutable when `immutable` is set';

type Data = Record<string, string>;

/**
 * ConfigMaps and Secrets (ValidateConfigMap, ValidateSecret and their updates): valid keys, one
 * key in one bag, at most 1 MiB of data, and — once `immutable: true` — data that never changes.
 * Secrets also fold `stringData` into `data` (base64) and keep their `type`, which defaults to Opaque.
 */
export function configStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def);
  const isSecret = def.kind === 'Secret';
  const [textBag, otherBag] = isSecret ? ['data', 'stringData'] : ['data', 'binaryData'];
  const normalize = (object: KubeObject) => {
    if (!isSecret) return;
    object['type'] ||= 'Opaque';
    const stringData = object['stringData'] as Data | undefined;
    if (stringData) {
      const data = ((object['data'] ??= {}) as Data);
      for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
      delete object['stringData'];
    }
  };
  const validateData = (object: KubeObject): FieldError[] => {
    const errs: FieldError[] = [];
    const text = (object[textBag] ?? {}) as Data;
    const other = (isSecret ? {} : (object[otherBag] ?? {})) as Data;
    let size = 0;
    for (const [key, value] of Object.entries(text)) {
      for (const msg of isConfigMapKey(key)) errs.push(invalidValue(`${textBag}[${key}]`, key, msg));
      if (key in other) errs.push(invalidValue(`${textBag}[${key}]`, key, 'duplicate of key present in binaryData'));
      size += isSecret ? Buffer.from(String(value), 'base64').length : String(value).length;
    }
    for (const [key, value] of Object.entries(other)) {
      for (const msg of isConfigMapKey(key)) errs.push(invalidValue(`${otherBag}[${key}]`, key, msg));
      size += Buffer.from(String(value), 'base64').length;
    }
    if (size > MAX_SIZE) errs.push({ type: 'FieldValueTooLong', field: '', detail: `may not be more than ${MAX_SIZE} bytes` });
    return errs;
  };
  return {
    ...base,
    prepareForCreate(object) {
      base.prepareForCreate(object);
      normalize(object);
    },
    validate(object) {
      return [...base.validate(object), ...validateData(object)];
    },
    prepareForUpdate(object, old) {
      normalize(object);
      base.prepareForUpdate(object, old);
    },
    validateUpdate(object, old) {
      const errs = [...base.validateUpdate(object, old), ...validateData(object)];
      if (isSecret) errs.push(...immutable('type', object['type'], old['type']));
      if (old['immutable'] === true) {
        if (object['immutable'] !== true) errs.push(forbidden('immutable', IMMUTABLE));
        if (!sameValue(object['data'] ?? {}, old['data'] ?? {})) errs.push(forbidden('data', IMMUTABLE));
        if (!isSecret && !sameValue(object['binaryData'] ?? {}, old['binaryData'] ?? {})) errs.push(forbidden('binaryData', IMMUTABLE));
      }
      return errs;
    },
  };
}
