export const USAGE = `Skopia sensor simulator: publishes a scenario's sensor readings over MQTT, as the gateways would.

  npm run simulate -- <scenario> [options]     a ready scenario (data/scenarios/<name>.json) or a path
  npm run simulate -- list                     the ready scenarios
  npm run simulate -- load --sensors N --rate R --count C [--processes P] [--json]
                                               benchmark load: exactly C readings (3 metrics, QoS 1)
                                               over N sensors at R readings/s in total (0 = unlimited)

Scenario options:
  --broker URL        MQTT broker (default: $MQTT_URL, else mqtt://localhost:1883)
  --speed N|max       simulated seconds per wall second (default: the scenario's)
  --seed N            seed for every random choice (default: the scenario's)
  --start now|TIME    start time, RFC 3339 (default: the scenario's); events move with it
  --duration 6h       simulated time span ("0" = until stopped)
  --interval S        every sensor reports every S simulated seconds (e.g. 3 for a lively demo)
  --region ID         run the scenario on another region
  --prefix P          native topic prefix (default: skopia)
  --qos 0|1|2         MQTT QoS (default: 1)
  --username U        MQTT username for every gateway; "{gateway}" is replaced by the gateway id
  --password P        MQTT password (also: SKOPIA_SIM_USERNAME/SKOPIA_SIM_PASSWORD,
                      per gateway SKOPIA_GATEWAY_<ID>_USERNAME/_PASSWORD, e.g. SKOPIA_GATEWAY_GW_COAST_PASSWORD)
  --timestamps M      auto|simulated|wall: the time messages carry (auto: simulated unless that would run
                      ahead of the wall clock)
  --ttn-tenant T      The Things Stack tenant for gateways without a tenantId in the registry (default: ttn)
  --dry-run           print the messages as JSON lines instead of publishing (no broker needed)
  --quiet             no progress line

Load options: --sensors, --rate, --count, --processes, --qos, --prefix, --gateway (default gw-load),
  --sensor-prefix (default load-), --region ID (use the region's native sensors instead), --inflight N,
  --json (print the result as JSON), plus --broker/--username/--password.
`;
