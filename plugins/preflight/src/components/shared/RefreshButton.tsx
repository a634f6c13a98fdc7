import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Refresh from '@material-ui/icons/Refresh';

/** The card action that reads every source again, with a spinner while it does. */
export function RefreshButton(props: {
  label: string;
  refreshing: boolean;
  onClick: () => void;
}) {
  return (
    <Button
      variant="outlined"
      color="primary"
      onClick={props.onClick}
      disabled={props.refreshing}
      startIcon={
        props.refreshing ? (
          <CircularProgress size={16} color="inherit" />
        ) : (
          <Refresh />
        )
      }
      style={{ marginTop: 8, marginRight: 8 }}
    >
      {props.label}
    </Button>
  );
}
