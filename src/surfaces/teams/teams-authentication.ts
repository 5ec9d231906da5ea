import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, type Configuration as MsalConfiguration } from '@azure/msal-node';
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import {
  AuthenticationConstants,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  MsalServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { TeamsConfig } from '../../config';
import { ConfigError, errorMessage } from '../../core/errors';

/** Public Azure's login host; a SingleTenant bot signs in under its own tenant there. */
const PUBLIC_LOGIN = 'https://login.microsoftonline.com';

/** The inbound and outbound authentication of the bot, built from the `teams` section. */
export interface TeamsAuthentication {
  authentication: ConfigurationBotFrameworkAuthentication;
  credentials: ServiceClientCredentialsFactory;
  /** The login authority outbound tokens come from (for the start-up log). */
  authority: string;
}

/**
 * Builds the Bot Framework authentication: inbound JWTs are validated by the SDK (issuer,
 * audience = the app id, signing keys and their endorsements from the OpenID metadata, the
 * service URL claim); outbound tokens come from MSAL (client secret or certificate, in the bot's
 * tenant for SingleTenant bots) or from the user-assigned managed identity. `endpoints` replaces
 * public Azure's URLs (sovereign and private clouds, local test servers).
 */
export function createTeamsAuthentication(config: TeamsConfig): TeamsAuthentication {
  if (!config.appId) throw new ConfigError("MICROSOFT_APP_ID is missing: the Azure Bot's Microsoft app id");
  const tenant = config.appType === 'MultiTenant' ? AuthenticationConstants.DefaultChannelAuthTenant : config.tenantId;
  if (!tenant) throw new ConfigError(`MICROSOFT_APP_TENANT_ID is missing: a ${config.appType} bot authenticates in its own Entra tenant`);
  const endpoints = config.endpoints;
  const authority = endpoints ? endpoints.loginUrl.replace(/\/+$/, '') : `${PUBLIC_LOGIN}/${tenant}`;
  const credentials = credentialsFactory(config, authority);
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.appId,
    MicrosoftAppTenantId: config.tenantId,
    MicrosoftAppType: config.appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : config.appType,
    ...(endpoints
      ? {
          ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
          ToChannelFromBotLoginUrl: authority,
          ToChannelFromBotOAuthScope: endpoints.oauthScope,
          OAuthUrl: endpoints.oauthApiUrl ?? AuthenticationConstants.OAuthUrl,
          ValidateAuthority: false,
        }
      : {}),
  };
  return { authentication: new ConfigurationBotFrameworkAuthentication(options, credentials), credentials, authority };
}

function credentialsFactory(config: TeamsConfig, authority: string): ServiceClientCredentialsFactory {
  const appId = config.appId!;
  if (config.appType === 'UserAssignedMSI') return new ManagedIdentityServiceClientCredentialsFactory(appId, new JwtTokenProviderFactory());
  const auth: MsalConfiguration['auth'] = { clientId: appId, authority };
  if (config.certificate) {
    auth.clientCertificate = { thumbprint: config.certificate.thumbprint.replace(/:/g, ''), privateKey: readPrivateKey(config.certificate.privateKeyFile) };
  } else if (config.appPassword) {
    auth.clientSecret = config.appPassword;
  } else {
    throw new ConfigError(`MICROSOFT_APP_PASSWORD is missing: a ${config.appType} bot proves itself with a client secret (or set teams.certificate)`);
  }
  // A login host other than public Azure's is trusted as configured: MSAL would otherwise ask
  // login.microsoftonline.com to vouch for it (instance discovery).
  const host = new URL(authority).host;
  if (!authority.startsWith(`${PUBLIC_LOGIN}/`)) auth.knownAuthorities = [host];
  return new MsalServiceClientCredentialsFactory(appId, new ConfidentialClientApplication({ auth }));
}

function readPrivateKey(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`teams.certificate.privateKeyFile ${file} cannot be read (${errorMessage(error)}): give the PEM file with the certificate's private key`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new ConfigError(`teams.certificate.privateKeyFile ${file} holds no PEM private key (-----BEGIN PRIVATE KEY-----): export the key of the certificate uploaded to the app registration`);
  }
  return text;
}
