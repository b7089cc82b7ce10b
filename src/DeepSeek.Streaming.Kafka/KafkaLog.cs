using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Streaming.Kafka;

/// <summary>Sends librdkafka's log lines to the host's logger (Confluent.Kafka would print them to stderr).</summary>
internal static class KafkaLog
{
    public static void Write(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
            logger.Log(level, "librdkafka {Client} {Facility}: {Message}", message.Name, message.Facility, message.Message);
        }
    }
}
