using System.Globalization;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// Lists of whole numbers written as ranges and lists, as Slurm writes job arrays: <c>0-4</c>, <c>1,3,7</c>,
/// <c>0-2,10</c>. Seeds of a sweep are given so, and the runs a job array should run are printed so.
/// </summary>
public static class IndexRanges
{
    /// <summary>
    /// The numbers of <paramref name="text"/> in the order written (a range A-B with A ≤ B counts up); each at least
    /// zero and none twice.
    /// </summary>
    /// <param name="text">E.g. <c>0-4</c>, <c>1,3,7</c>.</param>
    /// <param name="what">What the numbers are, for the message (e.g. <c>--seeds</c>).</param>
    /// <exception cref="ArgumentException">One line naming <paramref name="what"/>, the part that is wrong and what is expected.</exception>
    public static IReadOnlyList<int> Parse(string text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException($"{what}: none given; write a range A-B or a list (e.g. 0-4 or 1,3,7).");
        var numbers = new List<int>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var dash = part.IndexOf('-');
            int first, last;
            if (dash >= 0)
            {
                if (!TryWhole(part[..dash], out first) || !TryWhole(part[(dash + 1)..], out last))
                    throw new ArgumentException($"{what}: '{part}' is not a range A-B of whole numbers zero or more (e.g. 0-4).");
                if (last < first) throw new ArgumentException($"{what}: the range '{part}' ends before it starts; write it low-high (e.g. {last}-{first}).");
            }
            else
            {
                if (!TryWhole(part, out first)) throw new ArgumentException($"{what}: '{part}' is not a whole number zero or more, nor a range A-B (write e.g. 0-4 or 1,3,7).");
                last = first;
            }
            if (last - (long)first >= 100_000) throw new ArgumentException($"{what}: the range '{part}' holds more than 100000 numbers.");
            for (var i = first; i <= last; i++)
            {
                if (numbers.Contains(i)) throw new ArgumentException($"{what}: {i} is given twice.");
                numbers.Add(i);
            }
        }
        return numbers;
    }

    /// <summary>The shortest range-and-list form of <paramref name="numbers"/> (sorted): [0, 1, 2, 5, 7, 8] → <c>0-2,5,7-8</c>; empty for none.</summary>
    public static string Format(IEnumerable<int> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var sorted = numbers.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? Invariant(sorted[i]) : $"{Invariant(sorted[i])}-{Invariant(sorted[j])}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool TryWhole(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
