export type { CsvSource } from './csv.ts';
export { DOSSIER_COLUMNS, type ImportOptions, type ImportResult, importDossiers } from './dossiers.ts';
export { type DossierBatch, validateDossiers } from './dossier-rows.ts';
export { formatIssue, ImportError, type ImportIssue } from './errors.ts';
export { GROUP_MAX, importScores, parsePeriod, SCORE_COLUMNS, type ScoreGroup } from './scores.ts';
export { computePaths, importUnits, UNIT_COLUMNS } from './units.ts';
export { parseVnDateTime } from './values.ts';
