// Worker threads do not inherit the TypeScript loader registered by bin/ or vitest: register it here.
import { register } from 'tsx/esm/api';

register();
await import('./dossier-worker.ts');
