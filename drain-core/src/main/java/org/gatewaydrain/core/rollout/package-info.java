/**
 * Rolling maintenance across a fleet: the record of a rollout ({@link org.gatewaydrain.core.rollout.Rollout}),
 * the disruption budget ({@link org.gatewaydrain.core.rollout.MaxDraining}), the planner that decides
 * which instances go next ({@link org.gatewaydrain.core.rollout.RolloutPlanner}) and the ledger a fleet
 * transport keeps them in ({@link org.gatewaydrain.core.spi.RolloutLedger}).
 */
package org.gatewaydrain.core.rollout;
