export { BrokerUnavailable, MqttPush, type MqttPushOptions } from './push';
export { connectAsUser, type UserConnection, type UserConnectionOptions } from './client';
export { DEFAULT_TOPIC_PREFIX, topicLayout, type TopicLayout } from './topics';
export { mqttConnection, newConnectionId, type MqttClientAccess } from './connection';
