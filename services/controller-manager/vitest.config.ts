import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'controller-manager', include: ['src/**/*.spec.ts'], testTimeout: 120_000, hookTimeout: 60_000 } });
