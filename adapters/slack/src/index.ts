export { SlackAlerts, slackMessage } from './slack-alerts';
