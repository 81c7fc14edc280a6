//! Scaling, revisions, cleanup and status (upstream `sync.go`).

use kubeplay_model::object::controller_owner_ref;
use kubeplay_model::{ObjectExt, WriteOp};
use serde_json::{json, Value};

use super::util::{self, replicas, status_i64};
use super::DeploymentSync;
use crate::controller_utils::{controller_uid, object_ref};
use crate::{Outcome, Store};

impl<S: Store + ?Sized> DeploymentSync<'_, S> {
    /// `FindNewReplicaSet`: the oldest RS whose template equals the Deployment's (ignoring the hash).
    pub(crate) fn find_new_replica_set(&self) -> Option<usize> {
        let mut idx: Vec<usize> = (0..self.rss.len()).collect();
        idx.sort_by(|&a, &b| util::by_creation(&self.rss[a], &self.rss[b]));
        let t = self.d.at("spec.template");
        idx.into_iter().find(|&i| util::equal_ignore_hash(self.rss[i].at("spec.template"), t))
    }

    /// `FindOldReplicaSets`: (active old ones, all old ones).
    pub(crate) fn find_old_replica_sets(&self, new_rs: Option<usize>) -> (Vec<usize>, Vec<usize>) {
        let all: Vec<usize> = (0..self.rss.len()).filter(|i| Some(*i) != new_rs).collect();
        let active = all.iter().copied().filter(|&i| replicas(&self.rss[i]) != 0).collect();
        (active, all)
    }

    /// `getAllReplicaSetsAndSyncRevision`: (new RS, all old RSs).
    pub(crate) fn get_all_replica_sets_and_sync_revision(
        &mut self,
        create: bool,
    ) -> (Option<usize>, Vec<usize>) {
        let existing = self.find_new_replica_set();
        let (_, old) = self.find_old_replica_sets(existing);
        let new_rs = self.get_new_replica_set(existing, &old, create);
        let (_, old) = self.find_old_replica_sets(new_rs);
        (new_rs, old)
    }

    /// `getNewReplicaSet`: syncs the revision of the existing new RS, or creates it.
    fn get_new_replica_set(&mut self, existing: Option<usize>, old: &[usize], create: bool) -> Option<usize> {
        let max_old = util::max_revision(old.iter().map(|&i| &self.rss[i]));
        let new_revision = max_old + 1;
        if let Some(i) = existing {
            let mut rs = self.rss[i].clone();
            let annotations_updated =
                util::set_new_replica_set_annotations(&self.d, &mut rs, new_revision, true);
            let mrs = util::min_ready_seconds(&self.d);
            if annotations_updated || util::min_ready_seconds(&rs) != mrs {
                *rs.at_mut("spec.minReadySeconds") = json!(mrs);
                self.rss[i] = rs;
                self.update_rs(i);
                // Upstream returns here; the next pass syncs the Deployment's revision.
                return Some(i);
            }
            let rev = rs.annotation(util::REVISION_ANNOTATION).unwrap_or("").to_string();
            let mut needs_update = util::set_deployment_revision(&mut self.d, &rev);
            if util::has_progress_deadline(&self.d)
                && util::get_condition(self.d.get("status").unwrap_or(&Value::Null), "Progressing").is_none()
            {
                let msg = format!("Found new replica set {:?}", rs.name());
                let c = util::new_condition("Progressing", "True", util::FOUND_NEW_RS_REASON, &msg, self.now);
                util::set_condition(self.d.at_mut("status"), c);
                needs_update = true;
            }
            if needs_update {
                self.update_deployment_status();
            }
            return Some(i);
        }
        if !create {
            return None;
        }
        self.create_new_replica_set(old, new_revision)
    }

    fn create_new_replica_set(&mut self, old: &[usize], new_revision: i64) -> Option<usize> {
        let collision = self.d.i64_at("status.collisionCount");
        let mut template = self.d.at("spec.template").cloned().unwrap_or(json!({}));
        let hash = util::compute_hash(Some(&template), collision);
        template.set_label(util::DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, &hash);
        let mut selector = self.d.at("spec.selector").cloned().unwrap_or(json!({}));
        {
            let ml = selector.at_mut("matchLabels");
            if !ml.is_object() {
                *ml = json!({});
            }
            if let Some(m) = ml.as_object_mut() {
                m.insert(util::DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY.into(), json!(hash));
            }
        }
        let name = format!("{}-{}", self.d.name(), hash);
        let ns = self.d.namespace().to_string();
        let labels = template.at("metadata.labels").cloned().unwrap_or(json!({}));
        let mut rs = json!({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": name,
                "namespace": ns,
                "labels": labels,
                "ownerReferences": [controller_owner_ref(&self.d)],
            },
            "spec": {
                "replicas": 0,
                "minReadySeconds": util::min_ready_seconds(&self.d),
                "selector": selector,
                "template": template,
            },
        });
        let new_replicas =
            util::new_rs_new_replicas(&self.d, old.iter().map(|&i| &self.rss[i]).chain([&rs]), &rs);
        util::set_replicas(&mut rs, new_replicas);
        util::set_new_replica_set_annotations(&self.d, &mut rs, new_revision, false);

        // A name that is taken: ours with an equal template is simply the new RS (it will be
        // claimed on the next pass); anything else is a hash collision.
        if let Some(live) = self.store.get("replicasets", &ns, &name) {
            let ours = controller_uid(&live) == Some(self.d.uid());
            if ours && util::equal_ignore_hash(self.d.at("spec.template"), live.at("spec.template")) {
                self.rss.push((*live).clone());
                return Some(self.rss.len() - 1);
            }
            let c = collision.unwrap_or(0) + 1;
            *self.d.at_mut("status.collisionCount") = json!(c);
            self.update_deployment_status();
            self.out.requeue(0);
            return None;
        }

        let w = self.out.write(WriteOp::Create(rs.clone()));
        let msg = format!("Failed to create new replica set {name:?}: {{error}}");
        let on_error = crate::event(&self.d, "Warning", util::FAILED_RS_CREATE_REASON, msg, super::COMPONENT);
        // The scale-up event is only recorded once the create succeeded.
        let on_success = (new_replicas > 0).then(|| {
            let msg = format!("Scaled up replica set {name} from 0 to {new_replicas}");
            crate::event(&self.d, "Normal", "ScalingReplicaSet", msg, super::COMPONENT)
        });
        self.out.outcomes.push(Outcome { write: w, on_success, on_error: Some(on_error), batch: None });
        let mut needs_update = util::set_deployment_revision(&mut self.d, &new_revision.to_string());
        if util::has_progress_deadline(&self.d) {
            let msg = format!("Created new replica set {name:?}");
            let c = util::new_condition("Progressing", "True", util::NEW_RS_REASON, &msg, self.now);
            util::set_condition(self.d.at_mut("status"), c);
            needs_update = true;
        }
        if needs_update {
            self.update_deployment_status();
        }
        self.rss.push(rs);
        Some(self.rss.len() - 1)
    }

    /// `scaleReplicaSetAndRecordEvent`: true when the size changed.
    pub(crate) fn scale_replica_set_and_record_event(&mut self, i: usize, new_scale: i64) -> bool {
        let cur = replicas(&self.rss[i]);
        if cur == new_scale {
            return false;
        }
        let op = if cur < new_scale { "up" } else { "down" };
        self.scale_replica_set(i, new_scale, op)
    }

    /// `scaleReplicaSet`: writes the size and the desired/max annotations.
    pub(crate) fn scale_replica_set(&mut self, i: usize, new_scale: i64, operation: &str) -> bool {
        let d_replicas = replicas(&self.d);
        let max = d_replicas + util::max_surge(&self.d);
        let old_scale = replicas(&self.rss[i]);
        let size_needs_update = old_scale != new_scale;
        let annotations_need_update = util::replicas_annotations_need_update(&self.rss[i], d_replicas, max);
        if !(size_needs_update || annotations_need_update) {
            return false;
        }
        util::set_replicas(&mut self.rss[i], new_scale);
        util::set_replicas_annotations(&mut self.rss[i], d_replicas, max);
        self.update_rs(i);
        if size_needs_update {
            let name = self.rss[i].name().to_string();
            self.emit(
                "Normal",
                "ScalingReplicaSet",
                format!("Scaled {operation} replica set {name} from {old_scale} to {new_scale}"),
            );
        }
        size_needs_update
    }

    /// `sync`: reconciles scaling (paused or scaling event), cleans up when paused, syncs status.
    pub(crate) fn sync(&mut self) {
        let (new_rs, old) = self.get_all_replica_sets_and_sync_revision(false);
        self.scale(new_rs, &old);
        if self.d.bool_at("spec.paused") == Some(true) {
            self.cleanup_deployment(&old);
        }
        self.sync_deployment_status(new_rs);
    }

    pub(crate) fn sync_status_only(&mut self) {
        let (new_rs, _) = self.get_all_replica_sets_and_sync_revision(false);
        self.sync_deployment_status(new_rs);
    }

    /// `isScalingEvent`: an active RS's desired-replicas annotation differs from spec.replicas.
    pub(crate) fn is_scaling_event(&mut self) -> bool {
        let (new_rs, old) = self.get_all_replica_sets_and_sync_revision(false);
        let want = replicas(&self.d);
        old.iter().chain(new_rs.iter()).any(|&i| {
            replicas(&self.rss[i]) > 0
                && util::desired_replicas_annotation(&self.rss[i]).is_some_and(|x| x != want)
        })
    }

    /// `FindActiveOrLatest`.
    fn find_active_or_latest(&self, new_rs: Option<usize>, old: &[usize]) -> Option<usize> {
        if new_rs.is_none() && old.is_empty() {
            return None;
        }
        let mut sorted_old = old.to_vec();
        sorted_old.sort_by(|&a, &b| util::by_creation(&self.rss[b], &self.rss[a]));
        let active: Vec<usize> =
            sorted_old.iter().copied().chain(new_rs).filter(|&i| replicas(&self.rss[i]) > 0).collect();
        match active.len() {
            0 => new_rs.or_else(|| sorted_old.first().copied()),
            1 => active.first().copied(),
            _ => None,
        }
    }

    /// `scale`: proportional scaling (§3.8).
    pub(crate) fn scale(&mut self, new_rs: Option<usize>, old: &[usize]) {
        if let Some(i) = self.find_active_or_latest(new_rs, old) {
            let want = replicas(&self.d);
            if replicas(&self.rss[i]) != want {
                self.scale_replica_set_and_record_event(i, want);
            }
            return;
        }
        if util::is_saturated(&self.d, new_rs.map(|i| &self.rss[i])) {
            for &i in old {
                if replicas(&self.rss[i]) > 0 {
                    self.scale_replica_set_and_record_event(i, 0);
                }
            }
            return;
        }
        if !util::is_rolling_update(&self.d) {
            return;
        }
        let mut all: Vec<usize> =
            old.iter().copied().chain(new_rs).filter(|&i| replicas(&self.rss[i]) > 0).collect();
        let all_replicas: i64 = all.iter().map(|&i| replicas(&self.rss[i])).sum();
        let want = replicas(&self.d);
        let allowed = if want > 0 { want + util::max_surge(&self.d) } else { 0 };
        let to_add = allowed - all_replicas;
        let operation = if to_add > 0 {
            all.sort_by(|&a, &b| util::by_size_newer(&self.rss[a], &self.rss[b]));
            "up"
        } else if to_add < 0 {
            all.sort_by(|&a, &b| util::by_size_older(&self.rss[a], &self.rss[b]));
            "down"
        } else {
            ""
        };
        let mut added = 0;
        let mut sizes = Vec::with_capacity(all.len());
        for &i in &all {
            let cur = replicas(&self.rss[i]);
            if to_add != 0 {
                let p = util::get_proportion(&self.rss[i], &self.d, to_add, added);
                sizes.push(cur + p);
                added += p;
            } else {
                sizes.push(cur);
            }
        }
        for (k, &i) in all.iter().enumerate() {
            if k == 0 && to_add != 0 {
                sizes[0] = (sizes[0] + to_add - added).max(0);
            }
            self.scale_replica_set(i, sizes[k], operation);
        }
    }

    /// `cleanupDeployment`: deletes the oldest surplus old RSs beyond revisionHistoryLimit.
    pub(crate) fn cleanup_deployment(&mut self, old: &[usize]) {
        let Some(limit) = util::revision_history_limit(&self.d) else { return };
        let mut cleanable: Vec<usize> = old.iter().copied().filter(|&i| !self.rss[i].is_deleting()).collect();
        let diff = cleanable.len() as i64 - limit;
        if diff <= 0 {
            return;
        }
        cleanable.sort_by(|&a, &b| util::by_revision(&self.rss[a], &self.rss[b]));
        for &i in cleanable.iter().take(diff as usize) {
            let rs = &self.rss[i];
            if status_i64(rs, "replicas") != 0
                || replicas(rs) != 0
                || rs.generation() > status_i64(rs, "observedGeneration")
                || rs.uid().is_empty()
            {
                continue;
            }
            let target = object_ref("replicasets", rs);
            self.out.write(WriteOp::Delete { target, grace_period_seconds: None, propagation: None });
        }
    }

    /// `calculateStatus`.
    pub(crate) fn calculate_status(&self, new_rs: Option<usize>) -> Value {
        let all = &self.rss;
        let available: i64 = all.iter().map(|r| status_i64(r, "availableReplicas")).sum();
        let total: i64 = all.iter().map(replicas).sum();
        let unavailable = (total - available).max(0);
        let actual: i64 = all.iter().map(|r| status_i64(r, "replicas")).sum();
        let updated = new_rs.map(|i| status_i64(&self.rss[i], "replicas")).unwrap_or(0);
        let ready: i64 = all.iter().map(|r| status_i64(r, "readyReplicas")).sum();
        let mut status = json!({});
        let m = status.as_object_mut().expect("object literal");
        // Zero counts are omitted, as `omitempty` does on the wire.
        for (k, v) in [
            ("observedGeneration", self.d.generation()),
            ("replicas", actual),
            ("updatedReplicas", updated),
            ("readyReplicas", ready),
            ("availableReplicas", available),
            ("unavailableReplicas", unavailable),
        ] {
            if v != 0 {
                m.insert(k.into(), json!(v));
            }
        }
        if let Some(c) = self.d.at("status.collisionCount") {
            m.insert("collisionCount".into(), c.clone());
        }
        if let Some(c) = self.d.at("status.conditions") {
            m.insert("conditions".into(), c.clone());
        }
        if let Some(c) = self.d.at("status.terminatingReplicas") {
            m.insert("terminatingReplicas".into(), c.clone());
        }
        let want = replicas(&self.d);
        let cond = if available >= want - util::max_unavailable(&self.d) {
            util::new_condition(
                "Available",
                "True",
                util::MIN_REPLICAS_AVAILABLE,
                "Deployment has minimum availability.",
                self.now,
            )
        } else {
            util::new_condition(
                "Available",
                "False",
                util::MIN_REPLICAS_UNAVAILABLE,
                "Deployment does not have minimum availability.",
                self.now,
            )
        };
        util::set_condition(&mut status, cond);
        status
    }

    /// `syncDeploymentStatus`.
    pub(crate) fn sync_deployment_status(&mut self, new_rs: Option<usize>) {
        let status = self.calculate_status(new_rs);
        if self.d.get("status") == Some(&status) {
            return;
        }
        *self.d.at_mut("status") = status;
        self.update_deployment_status();
    }

    /// `checkPausedConditions`.
    pub(crate) fn check_paused_conditions(&mut self) {
        if !util::has_progress_deadline(&self.d) {
            return;
        }
        let status = self.d.get("status").cloned().unwrap_or(Value::Null);
        let cond = util::get_condition(&status, "Progressing");
        let reason = cond.map(|c| util::cond_str(c, "reason")).unwrap_or("");
        if reason == util::TIMED_OUT_REASON {
            return;
        }
        let paused_exists = reason == util::PAUSED_DEPLOY_REASON;
        let paused = self.d.bool_at("spec.paused") == Some(true);
        let c = if paused && !paused_exists {
            util::new_condition(
                "Progressing",
                "Unknown",
                util::PAUSED_DEPLOY_REASON,
                "Deployment is paused",
                self.now,
            )
        } else if !paused && paused_exists {
            util::new_condition(
                "Progressing",
                "Unknown",
                util::RESUMED_DEPLOY_REASON,
                "Deployment is resumed",
                self.now,
            )
        } else {
            return;
        };
        util::set_condition(self.d.at_mut("status"), c);
        self.update_deployment_status();
    }
}
