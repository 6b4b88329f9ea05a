import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'e2e', include: ['src/**/*.e2e.spec.ts', 'src/**/*.unit.spec.ts'], testTimeout: 120_000, hookTimeout: 90_000 } });
