import { defineConfig } from 'prisma/config';

// Only `prisma generate` (and, where the native engine exists, the official migrate CLI) read this.
// The app itself applies migrations with src/store/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/tro_ly_dvc' },
});
