import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";

interface Props {
  children: ReactNode;
  /** What failed, for the message ("The deck", "Studying"). */
  feature?: string;
  /** Called before the children are shown again (e.g. reset a query). */
  onReset?: () => void;
}

/** Catches a render error below it and offers to try again; the rest of the app keeps working. */
export class ErrorBoundary extends Component<Props, { error: unknown }> {
  state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("render error", error, info.componentStack);
  }

  reset = () => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  render() {
    if (this.state.error) {
      return (
        <section className="boundary">
          <h2>{this.props.feature ? `${this.props.feature} could not be shown` : "Something went wrong"}</h2>
          <ErrorMessage error={this.state.error} onRetry={this.reset} />
        </section>
      );
    }
    return this.props.children;
  }
}
