#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): tsx's ESM loader, then the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../bot/cli/main.ts');
