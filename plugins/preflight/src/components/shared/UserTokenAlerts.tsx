import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  authProviderKey,
  authProviderLabel,
  type EnvironmentNeedingToken,
  type KubernetesUserTokens,
} from '../../hooks/useKubernetesUserTokens';

/**
 * One notice per environment whose cluster is read with the signed-in user's token and was not
 * sent one: "Sign in to Google to read this environment", with a sign-in action that asks the
 * Kubernetes plugin's auth provider for the token (its popup when there is no session) and then
 * reads again (`onSignedIn`). Without the Kubernetes plugin's auth providers API the backend's
 * reason is shown instead, with no action. Renders nothing when no environment needs a token.
 */
export function UserTokenAlerts(props: {
  environments: readonly EnvironmentNeedingToken[];
  auth: KubernetesUserTokens;
  /** Reads the view again with the new token. */
  onSignedIn: () => Promise<void> | void;
  /** `data-testid` of each notice: `<prefix>-<environment name>` (default `sign-in`). */
  testIdPrefix?: string;
}) {
  const { environments, auth, onSignedIn, testIdPrefix = 'sign-in' } = props;
  if (environments.length === 0) return null;
  const signIn = async (env: EnvironmentNeedingToken) => {
    if (await auth.signIn(env.need)) await onSignedIn();
  };
  return (
    <>
      {environments.map(env => {
        const key = authProviderKey(env.need);
        const provider = authProviderLabel(env.need);
        const failure = auth.failures[key];
        const busy = auth.signingIn === key;
        return (
          <Alert
            key={env.name}
            severity="info"
            style={{ marginBottom: 16 }}
            data-testid={`${testIdPrefix}-${env.name}`}
            action={
              auth.available ? (
                <Button
                  color="primary"
                  variant="outlined"
                  size="small"
                  disabled={auth.signingIn !== undefined}
                  onClick={() => signIn(env)}
                  startIcon={
                    busy ? (
                      <CircularProgress size={14} color="inherit" />
                    ) : undefined
                  }
                  aria-label={`Sign in to ${provider} to read ${env.title}`}
                >
                  Sign in
                </Button>
              ) : undefined
            }
          >
            <Typography variant="body2" component="div">
              {env.title}:{' '}
              {auth.available ? (
                <>Sign in to {provider} to read this environment.</>
              ) : (
                <>
                  {env.message ?? 'the live state needs your cluster token'}.
                  This app cannot ask for the token: it has no Kubernetes auth
                  providers (the Kubernetes plugin's frontend,
                  @backstage/plugin-kubernetes).
                </>
              )}
            </Typography>
            {failure && (
              <Typography
                variant="caption"
                display="block"
                color="textSecondary"
              >
                The last sign-in gave no token: {failure}
              </Typography>
            )}
          </Alert>
        );
      })}
    </>
  );
}
