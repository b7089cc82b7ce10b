namespace DeepSeek.Tokenizers;
