/**
 * LangChain sends every run — retrieval queries and chat prompts, that is citizens' messages — to
 * LangSmith when any of these variables is "true" (read in @langchain/core utils/callbacks.js).
 * A bot answering citizens must not ship their words to a third party because an operator's
 * shell happens to export one, so tracing is switched off for this process and every worker it
 * starts (workers copy process.env when they are created).
 */
export const TRACING_VARIABLES = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'] as const;

/** Sets every tracing variable to "false"; returns the names that had turned tracing on. */
export function disableLangChainTracing(env: NodeJS.ProcessEnv = process.env): string[] {
  const wasOn = TRACING_VARIABLES.filter((name) => env[name] === 'true');
  for (const name of TRACING_VARIABLES) if (env[name] !== undefined) env[name] = 'false';
  return wasOn;
}
