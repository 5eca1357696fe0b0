namespace IocpAdmin.Server.Sessions;

/// <summary>The one operation a connection must start next, as the request processor decides it.</summary>
internal enum NextIoKind
{
    /// <summary>Nothing more can be answered until more bytes arrive.</summary>
    Receive,

    /// <summary>Responses are waiting to be written (coalesced), and must go before anything else.</summary>
    Send,

    /// <summary>A run of ADD/DELETE must commit before the next request can run (responses stay in order).</summary>
    Store,

    /// <summary>The conversation is over (QUIT, BAD_REQUEST, end of stream) and every response is written.</summary>
    Close,
}
