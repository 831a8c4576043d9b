/**
 * English, the reference catalogue: every other locale (Greek, Polish) must provide exactly these keys
 * (see `Messages`). Placeholders are `{name}`. Ages and numbers are formatted by Intl, which knows each
 * language's plurals, so no message here needs a plural form.
 */
export const en = {
  'app.title': 'Skopia',
  'app.loading': 'Loading the region map…',

  'connection.connecting': 'Connecting',
  'connection.live': 'Live',
  'connection.stale': 'Stream stalled',
  'connection.disconnected': 'Disconnected',
  'connection.newestData': 'Newest data {age}',
  'connection.noData': 'No sensor data yet',
  'connection.silentFor': 'Nothing received for {age}',
  'connection.reconnecting': 'Reconnecting…',
  'connection.reconnectingIn': 'Reconnecting in {duration}',
  'connection.banner.stale': 'Live data has stopped. The map may be out of date.',
  'connection.banner.disconnected': 'Connection to the server lost. The map may be out of date.',

  'legend.title': 'Sensors',
  'legend.alerting': 'Alert',
  'legend.online': 'Online',
  'legend.stale': 'Late',
  'legend.offline': 'Offline',
  'legend.unknown': 'No data yet',
  'legend.village': 'Village',

  'sensor.kind.weather_station': 'Weather station',
  'sensor.kind.water_level_gauge': 'Water-level gauge',
  'sensor.kind.fire_sensor': 'Fire sensor',
  'sensor.state.online': 'Online',
  'sensor.state.stale': 'Late',
  'sensor.state.offline': 'Offline',
  'sensor.state.unknown': 'No data yet',
  'sensor.alert': 'Alert: {severity}',
  'sensor.village': 'Village',
  'sensor.reading': 'Reading',
  'sensor.readingAge': 'measured {age}',
  'sensor.noReading': 'No reading received yet',
  'sensor.battery': 'Battery',
  'sensor.close': 'Close',
  'sensor.gone': 'This sensor is no longer in the live data.',

  'metric.yes': 'yes',
  'metric.no': 'no',

  'time.justNow': 'just now',

  'error.region': 'Could not load the region map ({detail}). Retrying in {seconds} s.',
  'error.liveProtocol': 'The live stream sent a message this dashboard does not understand; resynchronising.',
  'error.unexpected': 'Something went wrong: {detail}',
  'error.dismiss': 'Dismiss',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
/** What a translation must provide: every key, as a string. */
export type Messages = Readonly<Record<MessageKey, string>>;
