/** MQTT username and password of one gateway. */
export interface GatewayCredentials {
  readonly username?: string;
  readonly password?: string;
}

export type CredentialsResolver = (gatewayId: string) => GatewayCredentials;

/** `gw-coast` → `GW_COAST`, for per-gateway environment variables. */
export function envKey(gatewayId: string): string {
  return gatewayId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * Credentials per gateway, first found wins:
 *  1. SKOPIA_GATEWAY_<ID>_USERNAME / SKOPIA_GATEWAY_<ID>_PASSWORD (e.g. SKOPIA_GATEWAY_GW_COAST_PASSWORD);
 *  2. the shared username/password (flags, or SKOPIA_SIM_USERNAME / SKOPIA_SIM_PASSWORD), where
 *     `{gateway}` in either is replaced by the gateway id.
 * A password without a username uses the gateway id as the username, the usual broker convention.
 */
export function credentialsFrom(
  shared: GatewayCredentials,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CredentialsResolver {
  const sharedUsername = shared.username ?? env.SKOPIA_SIM_USERNAME;
  const sharedPassword = shared.password ?? env.SKOPIA_SIM_PASSWORD;
  return (gatewayId) => {
    const key = envKey(gatewayId);
    const fill = (template: string | undefined): string | undefined => template?.replaceAll('{gateway}', gatewayId);
    const password = env[`SKOPIA_GATEWAY_${key}_PASSWORD`] ?? fill(sharedPassword);
    const username = env[`SKOPIA_GATEWAY_${key}_USERNAME`] ?? fill(sharedUsername) ?? (password !== undefined ? gatewayId : undefined);
    return {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    };
  };
}
