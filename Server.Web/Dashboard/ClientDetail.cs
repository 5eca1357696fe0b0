using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Web.Dashboard;

/// <summary>One client for its own page: <see cref="Now"/> while connected, else <see cref="Closed"/>.</summary>
/// <param name="History">Its last transitions and requests, oldest first (empty once closed).</param>
public sealed record ClientDetail(SessionSnapshot? Now, ProcessIdentity Identity, IReadOnlyList<HistoryEvent> History, ClosedSession? Closed);

/// <summary>The clients of one process.</summary>
/// <param name="Requests">Requests its connected clients made so far (the page turns two readings into a rate).</param>
/// <param name="Stuck">Its clients with half a frame or not reading.</param>
public sealed record ProcessGroup(int? ProcessId, string? Executable, string? User, int Connections, long Requests, int Stuck);
