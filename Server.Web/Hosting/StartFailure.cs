using System.Reflection;

namespace IocpAdmin.Web.Hosting;

/// <summary>Words for an exception that ended the host: the message of the failure itself, not of the wrappers around it.</summary>
internal static class StartFailure
{
    public static string Describe(Exception exception)
    {
        var failure = exception;
        // Wrappers say only that something inside failed; the inner exception says what.
        while (failure is TypeInitializationException or TargetInvocationException or AggregateException { InnerExceptions.Count: 1 }
               && failure.InnerException is not null)
        {
            failure = failure.InnerException;
        }

        return $"{failure.Message} ({failure.GetType().Name})";
    }
}
