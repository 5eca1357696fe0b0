namespace IocpAdmin.Protocol;

/// <summary>The protocol's upper-case names, cached so that logs and reasons do not allocate.</summary>
public static class RequestNames
{
    public static string Of(RequestKind kind) => kind switch
    {
        RequestKind.Add => "ADD",
        RequestKind.Delete => "DELETE",
        RequestKind.Retrieve => "RETRIEVE",
        RequestKind.Count => "COUNT",
        RequestKind.List => "LIST",
        RequestKind.Ping => "PING",
        RequestKind.Quit => "QUIT",
        _ => "NONE",
    };

    public static string Of(StatusKind status) => status switch
    {
        StatusKind.Ok => "OK",
        StatusKind.NotFound => "NOT_FOUND",
        StatusKind.BadRequest => "BAD_REQUEST",
        StatusKind.Busy => "BUSY",
        StatusKind.Error => "ERROR",
        _ => "UNKNOWN",
    };
}
