using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Web.Dashboard;

/// <summary>One client for its own page: <see cref="Now"/> while connected, else <see cref="Closed"/>.</summary>
/// <param name="History">Its last transitions and requests, oldest first (empty once closed).</param>
public sealed record ClientDetail(SessionSnapshot? Now, ProcessIdentity Identity, IReadOnlyList<HistoryEvent> History, ClosedSession? Closed);
