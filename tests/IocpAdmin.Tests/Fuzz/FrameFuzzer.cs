using System.Buffers.Binary;

namespace IocpAdmin.Tests.Fuzz;

/// <summary>
/// Builds client byte streams for fuzzing: valid frames of every opcode, the same frames mutated
/// (bit flips, byte changes, inserted and removed bytes), random bytes, huge and zero lengths,
/// every opcode with a wrong size, and truncations. Deterministic for a seed.
/// </summary>
public sealed class FrameFuzzer
{
    private readonly Random _random;

    public FrameFuzzer(int seed) => _random = new Random(seed);

    /// <summary>A stream of a few frames, each one valid or damaged in one of the ways above.</summary>
    public byte[] NextStream(ulong highestId)
    {
        var stream = new List<byte>();
        var frames = _random.Next(1, 12);
        for (var i = 0; i < frames; i++)
        {
            var frame = _random.Next(10) switch
            {
                < 5 => ValidFrame(highestId),
                < 7 => Mutate(ValidFrame(highestId)),
                7 => RandomBytes(_random.Next(1, 40)),
                8 => BadLength(),
                _ => WrongSize(),
            };
            stream.AddRange(frame);
        }

        var bytes = stream.ToArray();
        // One stream in four ends early, in the middle of whatever it was sending.
        return _random.Next(4) == 0 && bytes.Length > 1 ? bytes[.._random.Next(1, bytes.Length)] : bytes;
    }

    public byte[] ValidFrame(ulong highestId)
    {
        var id = (ulong)_random.NextInt64(0, (long)highestId + 3);
        return _random.Next(7) switch
        {
            0 => Frame(0x01, Int32Pair(_random.Next(int.MinValue, int.MaxValue), _random.Next(int.MinValue, int.MaxValue))),
            1 => Frame(0x02, U64(id)),
            2 => Frame(0x03, U64(id)),
            3 => Frame(0x04, []),
            4 => Frame(0x05, [.. U64(id / 2), .. U16((ushort)_random.Next(1, 1_001))]),
            5 => Frame(0x06, RandomBytes(_random.Next(4) == 0 ? _random.Next(0, 65_536) : _random.Next(0, 64))),
            // QUIT is rare: it ends the stream's useful life.
            _ => _random.Next(8) == 0 ? Frame(0x07, []) : Frame(0x04, []),
        };
    }

    public static byte[] Frame(byte opcode, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(payload.Length + 1));
        frame[4] = opcode;
        payload.CopyTo(frame, 5);
        return frame;
    }

    private byte[] Mutate(byte[] frame)
    {
        var bytes = new List<byte>(frame);
        for (var n = _random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)_random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)_random.Next(256));
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }

    private byte[] BadLength()
    {
        var length = _random.Next(3) switch
        {
            0 => 0u,
            1 => (uint)_random.NextInt64(65_537, uint.MaxValue + 1L),
            _ => 65_537u,
        };
        var frame = new byte[4 + _random.Next(0, 6)];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, length);
        _random.NextBytes(frame.AsSpan(4));
        return frame;
    }

    private byte[] WrongSize()
    {
        var opcode = (byte)_random.Next(0, 9);
        var size = _random.Next(0, 20);
        return Frame(opcode, RandomBytes(size));
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int32Pair(int a, int b)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, a);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), b);
        return bytes;
    }
}
