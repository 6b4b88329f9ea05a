import { z } from 'zod';

/** `intstr.IntOrString`: an integer or a string (`port: 80` or `port: http`). */
export const intOrString = z.union([z.number().int(), z.string()]);

/** `resource.Quantity`: upstream parses a JSON number too (`cpu: 1`); the syntax is checked semantically. */
export const quantity = z.union([z.string(), z.number()]);

/** Any JSON value (`RawExtension`, `JSON`, `FieldsV1` contents). */
export const anyJson = z.unknown();
