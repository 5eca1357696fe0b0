using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Connection;

/// <summary>A response the CLI keeps after its buffer moves on: status and a copy of the payload.</summary>
internal readonly record struct ResponseFrame(StatusKind Status, byte[] Payload)
{
    public Response View => new(Status, Payload);
}
