/** Stands in for the API key of a server that wants none (Ollama, vLLM, LM Studio ignore it). */
const NO_API_KEY = 'no-key';

/**
 * What @langchain/openai's embedder and chat model need to reach an OpenAI-compatible server
 * configured by our own variables (EMBEDDINGS_* / LLM_*). The key and the organisation are always
 * given, so neither LangChain nor the OpenAI SDK falls back to OPENAI_API_KEY, OPENAI_ORGANIZATION
 * or OPENAI_PROJECT_ID from the environment and sends them to a server they were not meant for;
 * without a key of ours the SDK (which refuses to run keyless) sends a placeholder.
 */
export function openAIEndpoint(baseUrl: string, apiKey: string | undefined) {
  return {
    apiKey: apiKey || NO_API_KEY,
    configuration: { baseURL: baseUrl, organization: null, project: null },
  };
}
