// Makes TorchSharp's native library load on GCC-12 distributions (Debian 12): see build/README.md.
//
// This one file holds both the ELF logic and the MSBuild task because MSBuild's RoslynCodeTaskFactory
// compiles a task from a single source file; the rnnzoo executable compiles the same file with RNNZOO_ELF_ONLY
// defined, which leaves the MSBuild part out. It is written for the task factory's compiler: plain
// classes, no records, no file-scoped namespace.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace RnnZoo.Build
{
    /// <summary>One entry of <c>.gnu.version_r</c>: a version a shared object needs from one of its dependencies.</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string name, ushort flags, ushort index, long flagsOffset)
        {
            File = file; Name = name; Flags = flags; Index = index; FlagsOffset = flagsOffset;
        }
        /// <summary>The dependency, e.g. <c>libstdc++.so.6</c>.</summary>
        public string File { get; }
        /// <summary>The version, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
        public string Name { get; }
        /// <summary><c>vna_flags</c>; bit 0x2 is VER_FLG_WEAK.</summary>
        public ushort Flags { get; }
        /// <summary><c>vna_other</c>: the version index symbols refer to through <c>.gnu.version</c>.</summary>
        public ushort Index { get; }
        /// <summary>File offset of <c>vna_flags</c>.</summary>
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfImage.VerFlagWeak) != 0;
    }

    /// <summary>
    /// The symbol-versioning view of an ELF64 little-endian shared object: versions needed (<c>.gnu.version_r</c>),
    /// versions defined (<c>.gnu.version_d</c>), the dynamic symbols bound to each version index
    /// (<c>.gnu.version</c> over <c>.dynsym</c>) and which dynamic symbols relocations refer to. Only the
    /// headers and these sections are read, so a 500 MB library costs a few reads.
    /// </summary>
    public sealed class ElfImage
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtRela = 4, ShtDynsym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

        public string Path { get; private set; } = "";
        public List<VersionNeed> Needs { get; } = new List<VersionNeed>();
        public List<string> Definitions { get; } = new List<string>();
        /// <summary>Dynamic symbol names by version index (<c>vna_other</c>/<c>vd_ndx</c>).</summary>
        public Dictionary<int, List<string>> SymbolsByVersion { get; } = new Dictionary<int, List<string>>();
        /// <summary>Names of the dynamic symbols that some relocation refers to.</summary>
        public HashSet<string> RelocatedSymbols { get; } = new HashSet<string>(StringComparer.Ordinal);

        private sealed class Section { public uint Type; public long Offset; public long Size; public uint Link; public long EntrySize; }

        /// <summary>True for an ELF64 little-endian file (libraries of other architectures in the output are skipped).</summary>
        public static bool IsElf64LittleEndian(string path)
        {
            using (var stream = System.IO.File.OpenRead(path))
            {
                var ident = new byte[6];
                return stream.Read(ident, 0, 6) == 6 && ident[0] == 0x7f && ident[1] == (byte)'E' && ident[2] == (byte)'L' && ident[3] == (byte)'F'
                       && ident[4] == 2 && ident[5] == 1;
            }
        }

        /// <summary>Reads the versioning information of <paramref name="path"/>.</summary>
        /// <exception cref="InvalidDataException">Not an ELF64 little-endian file, or a malformed one.</exception>
        public static ElfImage Read(string path)
        {
            var image = new ElfImage { Path = path };
            using (var stream = System.IO.File.OpenRead(path))
            using (var reader = new BinaryReader(stream))
            {
                var ident = reader.ReadBytes(16);
                if (ident.Length < 16 || ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F')
                    throw new InvalidDataException(path + ": not an ELF file");
                if (ident[4] != 2 || ident[5] != 1)
                    throw new InvalidDataException(path + ": only ELF64 little-endian files are supported (class " + ident[4] + ", data " + ident[5] + ")");
                stream.Position = 0x28;
                var sectionHeaders = reader.ReadInt64();
                stream.Position = 0x3A;
                var entrySize = reader.ReadUInt16();
                var count = reader.ReadUInt16();
                if (sectionHeaders <= 0 || entrySize < 64 || sectionHeaders + (long)entrySize * count > stream.Length)
                    throw new InvalidDataException(path + ": section header table out of the file");

                var sections = new List<Section>();
                for (var i = 0; i < count; i++)
                {
                    stream.Position = sectionHeaders + (long)i * entrySize;
                    reader.ReadUInt32();                       // sh_name
                    var type = reader.ReadUInt32();
                    reader.ReadUInt64(); reader.ReadUInt64();  // sh_flags, sh_addr
                    var offset = reader.ReadInt64();
                    var size = reader.ReadInt64();
                    var link = reader.ReadUInt32();
                    reader.ReadUInt32(); reader.ReadUInt64();  // sh_info, sh_addralign
                    var entsize = reader.ReadInt64();
                    sections.Add(new Section { Type = type, Offset = offset, Size = size, Link = link, EntrySize = entsize });
                }

                Func<Section, byte[]> load = s =>
                {
                    if (s.Offset < 0 || s.Size < 0 || s.Offset + s.Size > stream.Length) throw new InvalidDataException(path + ": section out of the file");
                    stream.Position = s.Offset;
                    return reader.ReadBytes((int)s.Size);
                };

                var verneed = sections.FirstOrDefault(s => s.Type == ShtGnuVerneed);
                if (verneed != null)
                {
                    var data = load(verneed);
                    var strings = load(sections[(int)verneed.Link]);
                    var at = 0;
                    while (true)
                    {
                        var cnt = BitConverter.ToUInt16(data, at + 2);
                        var file = CString(strings, BitConverter.ToUInt32(data, at + 4));
                        var aux = at + (int)BitConverter.ToUInt32(data, at + 8);
                        for (var j = 0; j < cnt; j++)
                        {
                            var flags = BitConverter.ToUInt16(data, aux + 4);
                            var other = BitConverter.ToUInt16(data, aux + 6);
                            var name = CString(strings, BitConverter.ToUInt32(data, aux + 8));
                            image.Needs.Add(new VersionNeed(file, name, flags, other, verneed.Offset + aux + 4));
                            var nextAux = BitConverter.ToUInt32(data, aux + 12);
                            if (nextAux == 0) break;
                            aux += (int)nextAux;
                        }
                        var next = BitConverter.ToUInt32(data, at + 12);
                        if (next == 0) break;
                        at += (int)next;
                    }
                }

                var verdef = sections.FirstOrDefault(s => s.Type == ShtGnuVerdef);
                if (verdef != null)
                {
                    var data = load(verdef);
                    var strings = load(sections[(int)verdef.Link]);
                    var at = 0;
                    while (true)
                    {
                        var aux = at + (int)BitConverter.ToUInt32(data, at + 12);
                        image.Definitions.Add(CString(strings, BitConverter.ToUInt32(data, aux)));
                        var next = BitConverter.ToUInt32(data, at + 16);
                        if (next == 0) break;
                        at += (int)next;
                    }
                }

                var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
                var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
                if (dynsym != null)
                {
                    var symbols = load(dynsym);
                    var strings = load(sections[(int)dynsym.Link]);
                    var symbolCount = (int)(dynsym.Size / 24);
                    var names = new string[symbolCount];
                    for (var i = 0; i < symbolCount; i++) names[i] = CString(strings, BitConverter.ToUInt32(symbols, i * 24));
                    if (versym != null)
                    {
                        var versions = load(versym);
                        for (var i = 0; i < symbolCount && 2 * i + 1 < versions.Length; i++)
                        {
                            var index = BitConverter.ToUInt16(versions, 2 * i) & 0x7fff;
                            List<string>? list;
                            if (!image.SymbolsByVersion.TryGetValue(index, out list)) image.SymbolsByVersion[index] = list = new List<string>();
                            list.Add(names[i]);
                        }
                    }
                    foreach (var rela in sections.Where(s => s.Type == ShtRela && sections.IndexOf(dynsym) == (int)s.Link))
                    {
                        var entries = load(rela);
                        for (long at = 0; at + 24 <= entries.Length; at += 24)
                        {
                            var symbol = (long)(BitConverter.ToUInt64(entries, (int)at + 8) >> 32);
                            if (symbol > 0 && symbol < symbolCount) image.RelocatedSymbols.Add(names[symbol]);
                        }
                    }
                }
            }
            return image;
        }

        private static string CString(byte[] table, uint offset)
        {
            var end = (int)offset;
            while (end < table.Length && table[end] != 0) end++;
            return Encoding.ASCII.GetString(table, (int)offset, end - (int)offset);
        }
    }

    /// <summary>What to do with one library: the entries to mark weak, those already weak, and those refused.</summary>
    public sealed class RelaxPlan
    {
        public RelaxPlan(string library) { Library = library; }
        public string Library { get; }
        public List<VersionNeed> ToRelax { get; } = new List<VersionNeed>();
        public List<VersionNeed> AlreadyWeak { get; } = new List<VersionNeed>();
        /// <summary>Missing versions that cannot be relaxed safely, with the symbols bound to them.</summary>
        public List<KeyValuePair<VersionNeed, List<string>>> Refused { get; } = new List<KeyValuePair<VersionNeed, List<string>>>();
        public bool NothingToDo => ToRelax.Count == 0 && Refused.Count == 0;

        /// <summary>The build error for refused versions.</summary>
        public string RefusalMessage()
        {
            var parts = Refused.Select(r => r.Key.Name + " (symbols: " + string.Join(", ", r.Value.Take(4)) + (r.Value.Count > 4 ? ", ..." : "") + ")");
            return Library + " needs " + string.Join("; ", parts) + " from libstdc++.so.6, which this system's libstdc++ does not define, " +
                   "and not only for symbols known to be safe without it. Build and run on a distribution whose libstdc++ " +
                   "comes from GCC 13 or newer (GLIBCXX_3.4.32), e.g. Debian 13 or Ubuntu 24.04, or set RnnZooRelaxGlibcxx=false to skip this check.";
        }
    }

    /// <summary>
    /// Marks weak (VER_FLG_WEAK) the libstdc++ version requirements that this system lacks, when every symbol
    /// bound to them is on a known-safe list and no relocation refers to it. Today the list holds one symbol,
    /// <c>_ZSt21ios_base_library_initv</c>: GCC 13's &lt;iostream&gt; references it only to force the iostreams
    /// initialiser to be linked; nothing calls it, and older libstdc++ initialises iostreams without it.
    /// </summary>
    public static class GlibcxxRelaxer
    {
        public const string Dependency = "libstdc++.so.6";
        public static readonly string[] SafeSymbols = { "_ZSt21ios_base_library_initv" };

        /// <summary>Where the dynamic loader finds libstdc++.so.6 here, or null when there is none.</summary>
        public static string? FindSystemLibstdcxx()
        {
            var directories = new List<string>();
            var fromEnvironment = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(fromEnvironment)) directories.AddRange(fromEnvironment.Split(':').Where(d => d.Length > 0));
            directories.AddRange(new[]
            {
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            });
            foreach (var directory in directories)
            {
                var candidate = System.IO.Path.Combine(directory, Dependency);
                if (System.IO.File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Plans the change for <paramref name="library"/> given the versions the system defines.</summary>
        public static RelaxPlan Plan(ElfImage library, ICollection<string> availableVersions, IEnumerable<string>? safeSymbols = null)
        {
            var safe = new HashSet<string>(safeSymbols ?? SafeSymbols, StringComparer.Ordinal);
            var plan = new RelaxPlan(library.Path);
            foreach (var need in library.Needs.Where(n => n.File == Dependency && !availableVersions.Contains(n.Name)))
            {
                if (need.IsWeak) { plan.AlreadyWeak.Add(need); continue; }
                List<string>? symbols;
                if (!library.SymbolsByVersion.TryGetValue(need.Index, out symbols)) symbols = new List<string>();
                if (symbols.Count > 0 && symbols.All(s => safe.Contains(s) && !library.RelocatedSymbols.Contains(s)))
                    plan.ToRelax.Add(need);
                else
                    plan.Refused.Add(new KeyValuePair<VersionNeed, List<string>>(need, symbols));
            }
            return plan;
        }

        /// <summary>
        /// Plans the change for a copy that will run on systems not known yet (a published application, the rnnzoo
        /// tool package): every libstdc++ requirement bound only to known-safe symbols is marked weak, whatever this
        /// system defines, so the copy loads on GCC-12 systems and newer alike. Nothing is refused: which other versions
        /// a user's system lacks is not known here (<c>rnnzoo doctor</c> tells the user).
        /// </summary>
        public static RelaxPlan PlanForDistribution(ElfImage library, IEnumerable<string>? safeSymbols = null)
        {
            var safe = new HashSet<string>(safeSymbols ?? SafeSymbols, StringComparer.Ordinal);
            var plan = new RelaxPlan(library.Path);
            foreach (var need in library.Needs.Where(n => n.File == Dependency))
            {
                List<string>? symbols;
                if (!library.SymbolsByVersion.TryGetValue(need.Index, out symbols) || symbols.Count == 0) continue;
                if (!symbols.All(s => safe.Contains(s) && !library.RelocatedSymbols.Contains(s))) continue;
                if (need.IsWeak) plan.AlreadyWeak.Add(need); else plan.ToRelax.Add(need);
            }
            return plan;
        }

        /// <summary>
        /// Writes the plan: a new file beside the library with the weak flags set, renamed over it (so a hard link
        /// to a package cache is replaced, never written through), keeping the original's timestamp so that an
        /// incremental copy does not bring the unpatched file back.
        /// </summary>
        public static void Apply(RelaxPlan plan)
        {
            if (plan.Refused.Count > 0) throw new InvalidOperationException(plan.RefusalMessage());
            if (plan.ToRelax.Count == 0) return;
            var bytes = System.IO.File.ReadAllBytes(plan.Library);
            foreach (var need in plan.ToRelax)
            {
                var flags = (ushort)(BitConverter.ToUInt16(bytes, (int)need.FlagsOffset) | ElfImage.VerFlagWeak);
                bytes[need.FlagsOffset] = (byte)(flags & 0xff);
                bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);
            }
            var info = new FileInfo(plan.Library);
            var lastWrite = info.LastWriteTimeUtc;
            var temporary = plan.Library + ".rnnzoo-tmp";
            System.IO.File.WriteAllBytes(temporary, bytes);
            System.IO.File.SetLastWriteTimeUtc(temporary, lastWrite);
            // File.Replace renames over the target (netstandard2.0, which the task factory compiles against, has no Move with overwrite).
            System.IO.File.Replace(temporary, plan.Library, null);
        }
    }

#if !RNNZOO_ELF_ONLY
    /// <summary>
    /// MSBuild task: for each library given, relaxes the libstdc++ versions this system lacks (see
    /// <see cref="GlibcxxRelaxer"/>), or fails the build naming what is missing; with <c>ForDistribution</c>,
    /// relaxes every requirement bound only to safe symbols (<see cref="GlibcxxRelaxer.PlanForDistribution"/>).
    /// </summary>
    public sealed class RelaxGlibcxxVersions : Microsoft.Build.Utilities.Task
    {
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>For a copy that runs elsewhere (publish): relax every safe-only requirement, whatever this system has.</summary>
        public bool ForDistribution { get; set; }

        public override bool Execute()
        {
            if (ForDistribution)
            {
                foreach (var path in ElfLibraries())
                {
                    var plan = GlibcxxRelaxer.PlanForDistribution(ElfImage.Read(path));
                    if (plan.ToRelax.Count == 0) continue;
                    GlibcxxRelaxer.Apply(plan);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        "RnnZoo: marked " + string.Join(", ", plan.ToRelax.Select(n => n.Name)) + " weak in " + path +
                        " (for distribution: only " + string.Join(", ", GlibcxxRelaxer.SafeSymbols) + " is bound to it).");
                }
                return true;
            }
            var libstdcxx = GlibcxxRelaxer.FindSystemLibstdcxx();
            if (libstdcxx == null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "RnnZoo: no libstdc++.so.6 found on this system; native libraries left as they are.");
                return true;
            }
            var available = new HashSet<string>(ElfImage.Read(libstdcxx).Definitions, StringComparer.Ordinal);
            foreach (var path in ElfLibraries())
            {
                var plan = GlibcxxRelaxer.Plan(ElfImage.Read(path), available);
                if (plan.Refused.Count > 0)
                {
                    Log.LogError("RnnZoo: " + plan.RefusalMessage());
                    continue;
                }
                if (plan.ToRelax.Count == 0) continue;
                GlibcxxRelaxer.Apply(plan);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    "RnnZoo: marked " + string.Join(", ", plan.ToRelax.Select(n => n.Name)) + " weak in " + path +
                    " (" + libstdcxx + " lacks it; only " + string.Join(", ", GlibcxxRelaxer.SafeSymbols) + " is bound to it).");
            }
            return !Log.HasLoggedErrors;
        }

        private IEnumerable<string> ElfLibraries()
        {
            foreach (var item in Libraries)
            {
                var path = item.GetMetadata("FullPath");
                if (System.IO.File.Exists(path) && ElfImage.IsElf64LittleEndian(path)) yield return path;
            }
        }
    }
#endif
}
