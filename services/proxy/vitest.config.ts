import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'proxy', include: ['src/**/*.spec.ts'], testTimeout: 120_000, hookTimeout: 60_000 } });
