/*
 * A project's settings (`/projects/:key/settings`): its webhook and the webhook's recent
 * deliveries (see features/webhook); for who may not manage them, a note saying which role may.
 */
import { OnlyIfAllowed } from "../auth/only-if-allowed";
import { WebhookDeliveries } from "../webhook/webhook-deliveries";
import { WebhookSettings } from "../webhook/webhook-settings";
import { useProjectContext } from "./project-context";
import styles from "./project-settings-view.module.css";

export function ProjectSettingsView() {
  const { project } = useProjectContext();
  return (
    <OnlyIfAllowed procedure="webhook.set" what="manage this project's settings">
      <div className={styles.settings}>
        <WebhookSettings project={project} />
        <WebhookDeliveries projectId={project.id} />
      </div>
    </OnlyIfAllowed>
  );
}
