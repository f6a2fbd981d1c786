// KhConferenceBot on Azure: Linux App Service (.NET 10), Storage (tables),
// Azure Bot with the Teams channel, Key Vault for secrets, Application Insights.
// Deploy into an existing resource group:
//   az deployment group create -g <rg> -f deploy/main.bicep -p deploy/main.parameters.json
// See deploy/README.md for the Entra app registration that must exist first.

targetScope = 'resourceGroup'

@description('Short name (letters and digits) used in every resource name.')
@minLength(3)
@maxLength(8)
param namePrefix string = 'khcb'

@description('Region for everything except the Azure Bot resource, which is global.')
param location string = resourceGroup().location

@description('App Service plan size. Basic or higher: the bot needs Always On for its background sender and scheduler.')
@allowed([
  'B1'
  'B2'
  'S1'
  'P0v3'
  'P1v3'
])
param appServicePlanSku string = 'B1'

@description('Number of web app instances. The bot keeps all state in Storage, so more than one is safe.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Bot Connector service URL where the bot opens 1:1 chats with delegates who never wrote to it. Public cloud by default; GCC: https://smba.infra.gcc.teams.microsoft.com/gcc, GCC High: https://smba.infra.gov.teams.microsoft.us/gcch.')
param teamsServiceUrl string = 'https://smba.trafficmanager.net/teams/'

@description('Application (client) id of the single-tenant Entra app registration used by the bot.')
@minLength(36)
@maxLength(36)
param botAppId string

@description('Client secret of that app registration. Stored only in Key Vault.')
@secure()
param botAppPassword string

@description('HMAC key that signs download links (attendance, questions), at least 32 characters. Stored only in Key Vault. The default makes a new key at each deployment, which ends the few short-lived links open at that moment.')
@secure()
@minLength(32)
param linkSigningKey string = '${newGuid()}${newGuid()}'

@description('Tenant of the app registration (defaults to the tenant of this subscription).')
param botTenantId string = subscription().tenantId

@description('Azure Bot pricing tier. F0 is free but limited to 10,000 premium-channel messages a month; Teams is a standard channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Conference settings, written as Conference__<key> app settings (ConferenceOptions: Id, Date, DefaultLanguage, Organizers__0, Organizers__1, ...).')
param conferenceSettings { *: string } = {
  Id: 'khanh-hoa-2023'
  DefaultLanguage: 'vi'
}

@description('The Teams app package\'s manifest id (KHCB_APP_ID); the bot finds its org catalog entry by it. Empty leaves Graph__ManifestAppId unset.')
param teamsAppId string = ''

@description('The app\'s id in the org catalog, once uploaded; saves the catalog lookup (and the AppCatalog.Read.All permission). Empty leaves it unset.')
param teamsAppCatalogId string = ''

@description('Optional OTLP collector endpoint for OpenTelemetry; empty means no OTLP export setting.')
param otlpEndpoint string = ''

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags for every resource.')
param tags { *: string } = {
  application: 'KhConferenceBot'
}

var suffix = uniqueString(resourceGroup().id, namePrefix)
var webAppName = 'app-${namePrefix}-${suffix}'
var botName = 'bot-${namePrefix}-${suffix}'
var keyVaultName = 'kv-${namePrefix}-${take(suffix, 10)}'
var storageAccountName = toLower('st${namePrefix}${suffix}')
// Built-in role "Key Vault Secrets User": read secret values, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource logs 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-${namePrefix}-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    accessTier: 'Hot'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: keyVault
  name: 'bot-app-password'
  properties: {
    value: botAppPassword
    contentType: 'Entra client secret of the bot app registration'
  }
}

resource linkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: keyVault
  name: 'link-signing-key'
  properties: {
    value: linkSigningKey
    contentType: 'HMAC key of the bot download links'
  }
}

resource storageConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: keyVault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    contentType: 'Azure Storage connection string'
  }
  // The bot uses tables as soon as it can read this secret.
  dependsOn: [
    tableService
  ]
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'asp-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2025-03-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

resource webAppSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, webApp.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

var conferenceAppSettings = reduce(items(conferenceSettings), {}, (all, item) => union(all, { 'Conference__${item.key}': item.value }))
var otlpAppSettings = empty(otlpEndpoint) ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint }
var graphAppSettings = union(
  empty(teamsAppId) ? {} : { Graph__ManifestAppId: teamsAppId },
  empty(teamsAppCatalogId) ? {} : { Graph__TeamsAppCatalogId: teamsAppCatalogId }
)

// App settings are a separate resource so they are written after the role assignment:
// the Key Vault references then resolve on the first start instead of after a retry.
resource webAppSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: webApp
  name: 'appsettings'
  properties: union(
    {
      Bot__MicrosoftAppId: botAppId
      Bot__MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${botPasswordSecret.properties.secretUri})'
      Bot__TenantId: botTenantId
      Storage__ConnectionString: '@Microsoft.KeyVault(SecretUri=${storageConnectionSecret.properties.secretUri})'
      Organizer__LinkSigningKey: '@Microsoft.KeyVault(SecretUri=${linkSigningKeySecret.properties.secretUri})'
      Conference__PublicBaseUrl: 'https://${webApp.properties.defaultHostName}'
      Outbox__DefaultServiceUrl: teamsServiceUrl
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      OTEL_SERVICE_NAME: 'KhConferenceBot'
      ASPNETCORE_ENVIRONMENT: 'Production'
    },
    conferenceAppSettings,
    graphAppSettings,
    otlpAppSettings
  )
  dependsOn: [
    webAppSecretsUser
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'Hội nghị Khánh Hòa'
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppTenantId: botTenantId
    msaAppType: 'SingleTenant'
    developerAppInsightsApplicationId: appInsights.properties.AppId
    disableLocalAuth: false
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

@description('Host name of the web app: use it as KHCB_DOMAIN when building the Teams app package.')
output webAppHostName string = webApp.properties.defaultHostName

@description('Messaging endpoint registered on the Azure Bot.')
output botEndpoint string = bot.properties.endpoint

output webAppName string = webApp.name
output keyVaultName string = keyVault.name
output storageAccountName string = storage.name
output webAppPrincipalId string = webApp.identity.principalId
