// Bundled in place of @aws-sdk/credential-provider-node (esbuild alias in LAMBDA_ESBUILD_OPTIONS,
// issue #14): Lambda gives every function its role's keys in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first place the SDK's default chain looks. The rest
// of the chain (profiles, SSO, web identity, container and instance metadata, and the STS and SSO
// clients they bring) is never reached there but was 0.12 MB of every bundle, about a tenth of
// module init. The AWS SDK clients and kube-connection.ts import `defaultProvider` by this name.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider: (init?: Parameters<typeof fromEnv>[0]) => ReturnType<typeof fromEnv> = fromEnv;
