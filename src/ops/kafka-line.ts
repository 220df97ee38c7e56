/** One line of `/aiops status` about Kafka ingest, shared by Slack and `aiops chat`. */
import type { KafkaView } from './context.js';

export function kafkaStatusLine(k: KafkaView): string {
  const rate = k.messagesPerSecond >= 10 ? Math.round(k.messagesPerSecond).toString() : k.messagesPerSecond.toFixed(1);
  const paused = k.pausedPartitions ? `, ${k.pausedPartitions} partitions paused` : '';
  return `kafka (group ${k.groupId}): lag ${k.lag} messages, ${rate} messages/s, ${k.messages} consumed, ${k.deadLetters} dead-lettered${paused}`;
}
