using System.Diagnostics;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>
/// A real, small filesystem for store-fault tests: a size-limited tmpfs mounted on a temp folder,
/// which the test can fill (the kernel then answers ENOSPC, as a full disk does) and whose files
/// it can make immutable (writes fail even through descriptors already open, as on a file that
/// became read-only under a running server; plain permissions do not stop root or an open file).
/// Needs root: mount(2) and FS_IMMUTABLE_FL.
/// </summary>
public sealed class FaultyDisk : IDisposable
{
    private readonly TempDirectory _mountPoint = new();
    private readonly string _filler;

    public FaultyDisk(int megabytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", _mountPoint.Path);
        _filler = File("filler");
    }

    public string Path => _mountPoint.Path;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file until the filesystem refuses with ENOSPC; returns the bytes it took.</summary>
    public long Fill()
    {
        var chunk = new byte[64 * 1024];
        long written = 0;
        try
        {
            using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // Disk full: exactly the state under test. Fill the last partial chunk byte by byte.
            using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
            try
            {
                while (true)
                {
                    stream.WriteByte(0);
                    stream.Flush();
                    written++;
                }
            }
            catch (IOException)
            {
                return written;
            }
        }
    }

    public void Free() => System.IO.File.Delete(_filler);

    public static void MakeImmutable(params string[] files) => Run("chattr", ["+i", .. files]);

    public static void MakeMutable(params string[] files) => Run("chattr", ["-i", .. files]);

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path))
        {
            TryRun("chattr", "-i", file);
        }

        TryRun("umount", "--lazy", Path);
        _mountPoint.Dispose();
    }

    private static void Run(string program, params string[] args)
    {
        var (code, output) = Execute(program, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({code}): {output}");
        }
    }

    private static void TryRun(string program, params string[] args) => Execute(program, args);

    private static (int Code, string Output) Execute(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
