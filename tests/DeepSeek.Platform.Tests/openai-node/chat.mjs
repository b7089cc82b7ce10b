// Asks the platform one question with the official OpenAI Node client, once whole and once streamed,
// and prints what the client understood as one JSON line. OpenAiClientTests runs it and reads that line.
import OpenAI from "openai";

const client = new OpenAI({
  apiKey: process.env.DEEPSEEK_API_KEY,
  baseURL: process.env.DEEPSEEK_BASE_URL,
  maxRetries: 0,
  timeout: 60_000,
});
const request = {
  model: process.env.DEEPSEEK_MODEL,
  messages: [{ role: "user", content: process.env.DEEPSEEK_QUESTION }],
  max_tokens: 8,
};

const { data: completion, response } = await client.chat.completions.create(request).withResponse();

let streamed = "";
let usage = null;
let finishReason = null;
const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  if (chunk.usage) usage = chunk.usage;
}

console.log(JSON.stringify({
  content: completion.choices[0].message.content,
  route: response.headers.get("x-deepseek-route"),
  streamed,
  finishReason,
  usage,
}));
