namespace DeepSeek.Knowledge.Index;

/// <summary>Where a known answer came from.</summary>
public enum KnowledgeSource
{
    /// <summary>Written or imported by a person.</summary>
    Curated,

    /// <summary>A model answer promoted after positive feedback.</summary>
    Learned,
}
