// The one module that loads @peculiar/x509. Its dependency injection (tsyringe) reads decorator
// metadata while the module loads, so reflect-metadata must be evaluated first: ESM evaluates
// imports in order, and nothing else in this lib imports @peculiar/x509 directly.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto, explicitly, rather than whatever globalThis.crypto happens to be.
x509.cryptoProvider.set(webcrypto);

export { x509 };
