// The task factory compiles against netstandard without nullable annotations: keep this file plain.
// MSBuild inline task (compiled by RoslynCodeTaskFactory from Directory.Build.targets).
// Marks GLIBCXX symbol-version requirements that the host's libstdc++ cannot satisfy as weak,
// so the dynamic loader warns instead of refusing to load the library.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MarkMissingGlibcxxWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static readonly string[] HostLibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        string host = null;
        foreach (var candidate in HostLibstdcxxCandidates)
        {
            if (File.Exists(candidate)) { host = candidate; break; }
        }
        if (host is null)
        {
            Log.LogMessage(MessageImportance.Low, "No host libstdc++ found; libLibTorchSharp.so left as is.");
            return true;
        }
        var hostBytes = File.ReadAllBytes(host);

        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            var elf = File.ReadAllBytes(path);
            var patched = MarkWeak(elf, hostBytes, path);
            if (patched == 0) continue;
            // Write a new file and move it over the old one: the old one may be a hard link into the package cache.
            var temp = path + ".patching";
            File.WriteAllBytes(temp, elf);
            File.Delete(path);
            File.Move(temp, path);
            Log.LogMessage(MessageImportance.Normal, $"{path}: {patched} GLIBCXX requirement(s) the host lacks marked weak.");
        }
        return !Log.HasLoggedErrors;
    }

    private int MarkWeak(byte[] elf, byte[] hostLib, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogWarning($"{path} is not a little-endian ELF64 file; not patched.");
            return 0;
        }
        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        var count = 0;
        for (var s = 0; s < sectionCount; s++)
        {
            var header = sectionTable + (long)s * sectionSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;
            var offset = (long)BitConverter.ToUInt64(elf, (int)header + 0x18);
            var link = BitConverter.ToUInt32(elf, (int)header + 0x28);
            var entries = BitConverter.ToUInt32(elf, (int)header + 0x2C);
            var strings = (long)BitConverter.ToUInt64(elf, (int)(sectionTable + link * sectionSize) + 0x18);

            var need = offset;
            for (var n = 0; n < entries; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                var file = ReadString(elf, strings + BitConverter.ToUInt32(elf, (int)need + 4));
                var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    var flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    if (file.StartsWith("libstdc++", StringComparison.Ordinal)
                        && name.StartsWith("GLIBCXX_", StringComparison.Ordinal)
                        && (flags & VerFlagWeak) == 0
                        && !Contains(hostLib, Encoding.ASCII.GetBytes(name + "\0")))
                    {
                        flags |= VerFlagWeak;
                        elf[aux + 4] = (byte)(flags & 0xff);
                        elf[aux + 5] = (byte)(flags >> 8);
                        count++;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return count;
    }

    private static string ReadString(byte[] data, long start)
    {
        var end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
