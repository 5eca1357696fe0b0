namespace IocpAdmin.Tests.Web;

/// <summary>A clock that moves only when a test says so, for lifetimes measured in hours.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
