using System.Reflection;
using IocpAdmin.Server.Engine;
using IocpAdmin.Web.Security;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Tests.Web;

/// <summary>
/// A log event id names one kind of line, so that a dashboard or an alert keyed on it means one
/// thing: within an assembly no two <c>[LoggerMessage]</c>s share an id.
/// </summary>
public sealed class LogEventIdTests
{
    public static TheoryData<string> Assemblies => [typeof(RecordServer).Assembly.GetName().Name!, typeof(Roles).Assembly.GetName().Name!];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void LoggerMessages_InOneAssembly_HaveUniqueEventIds(string assemblyName)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));

        var messages = LoggerMessages(assembly);

        Assert.NotEmpty(messages);
        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();
        Assert.True(shared.Count == 0, $"event ids used more than once in {assemblyName}: {string.Join("; ", shared)}");
    }

    [Fact]
    public void LoggerMessages_OfTheWebApp_AreNumberedFrom200()
    {
        var messages = LoggerMessages(typeof(Roles).Assembly);

        Assert.All(messages, m => Assert.True(m.EventId >= 200, $"{m.Method} has id {m.EventId}, in Server.Core's range (1-199)"));
    }

    private static List<(int EventId, string Method)> LoggerMessages(Assembly assembly) =>
    [
        .. from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (attribute.EventId, $"{type.Name}.{method.Name}"),
    ];
}
