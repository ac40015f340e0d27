package store

import (
	"context"
	"database/sql"
)

// The autotask_contract_services and autotask_contract_service_units tables: the services
// of Autotask contracts (ContractServices) and their units per period
// (ContractServiceUnits), which Autotask's API reads and Sophos's usage sync writes.

// ContractService is a service on an Autotask contract.
type ContractService struct {
	ID, ContractID, ServiceID int64
	UnitPrice, UnitCost       *float64
	AdjustedPrice             *float64
	InvoiceDescription        *string
	InternalDescription       *string
}

// ContractServiceUnit is the units of a contract service over a period; ContractID and
// ServiceID are its contract service's.
type ContractServiceUnit struct {
	ID, ContractServiceID int64
	ContractID, ServiceID int64
	Units                 float64
	StartDate, EndDate    string
	Price, Cost           *float64
}

// InsertContractService stores a service on a contract of the partner and returns its id
// (cs.ID, or a new one when it is 0).
func (q Q) InsertContractService(ctx context.Context, partnerID string, cs ContractService) (int64, error) {
	var id any
	if cs.ID != 0 {
		id = cs.ID
	}
	res, err := q.q.ExecContext(ctx, `INSERT INTO autotask_contract_services(id, partner_id, contract_id, service_id, unit_price, unit_cost,
		adjusted_price, invoice_description, internal_description) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, partnerID, cs.ContractID, cs.ServiceID, cs.UnitPrice, cs.UnitCost, cs.AdjustedPrice, cs.InvoiceDescription, cs.InternalDescription)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// InsertContractServiceUnit stores the units of a contract service over a period and
// returns its id (u.ID, or a new one when it is 0).
func (q Q) InsertContractServiceUnit(ctx context.Context, partnerID string, u ContractServiceUnit) (int64, error) {
	var id any
	if u.ID != 0 {
		id = u.ID
	}
	res, err := q.q.ExecContext(ctx, `INSERT INTO autotask_contract_service_units(id, partner_id, contract_service_id, units, start_date, end_date, price, cost)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?)`, id, partnerID, u.ContractServiceID, u.Units, u.StartDate, u.EndDate, u.Price, u.Cost)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

const contractServiceSelect = `SELECT id, contract_id, service_id, unit_price, unit_cost, adjusted_price, invoice_description, internal_description
	FROM autotask_contract_services`

func scanContractService(row scanner) (ContractService, error) {
	var cs ContractService
	var price, cost, adjusted sql.NullFloat64
	var invoice, internal sql.NullString
	err := row.Scan(&cs.ID, &cs.ContractID, &cs.ServiceID, &price, &cost, &adjusted, &invoice, &internal)
	cs.UnitPrice, cs.UnitCost, cs.AdjustedPrice = nullFloat(price), nullFloat(cost), nullFloat(adjusted)
	cs.InvoiceDescription, cs.InternalDescription = nullString(invoice), nullString(internal)
	return cs, err
}

// ContractServices reads the services on the partner's Autotask contracts, by id.
func (q Q) ContractServices(ctx context.Context, partnerID string) ([]ContractService, error) {
	return collect(ctx, q, scanContractService, contractServiceSelect+" WHERE partner_id = ? ORDER BY id", partnerID)
}

// ContractServiceOn reads the service of a partner's contract that bills serviceID (the
// first by id: Autotask holds a service once on a contract); ErrNotFound when it has none.
func (q Q) ContractServiceOn(ctx context.Context, partnerID string, contractID, serviceID int64) (ContractService, error) {
	cs, err := scanContractService(q.q.QueryRowContext(ctx, contractServiceSelect+
		" WHERE partner_id = ? AND contract_id = ? AND service_id = ? ORDER BY id LIMIT 1", partnerID, contractID, serviceID))
	return cs, notFound(err)
}

const contractServiceUnitSelect = `SELECT u.id, u.contract_service_id, s.contract_id, s.service_id, u.units, u.start_date, u.end_date, u.price, u.cost
	FROM autotask_contract_service_units u JOIN autotask_contract_services s ON s.id = u.contract_service_id`

func scanContractServiceUnit(row scanner) (ContractServiceUnit, error) {
	var u ContractServiceUnit
	var price, cost sql.NullFloat64
	err := row.Scan(&u.ID, &u.ContractServiceID, &u.ContractID, &u.ServiceID, &u.Units, &u.StartDate, &u.EndDate, &price, &cost)
	u.Price, u.Cost = nullFloat(price), nullFloat(cost)
	return u, err
}

// ContractServiceUnits reads the units of the partner's contract services, by id.
func (q Q) ContractServiceUnits(ctx context.Context, partnerID string) ([]ContractServiceUnit, error) {
	return collect(ctx, q, scanContractServiceUnit, contractServiceUnitSelect+" WHERE u.partner_id = ? ORDER BY u.id", partnerID)
}

// ContractServiceUnitFrom reads the units of a partner's contract service over the period
// that starts on startDate (YYYY-MM-DD; the first by id); ErrNotFound when there are none.
func (q Q) ContractServiceUnitFrom(ctx context.Context, partnerID string, contractServiceID int64, startDate string) (ContractServiceUnit, error) {
	u, err := scanContractServiceUnit(q.q.QueryRowContext(ctx, contractServiceUnitSelect+
		" WHERE u.partner_id = ? AND u.contract_service_id = ? AND u.start_date = ? ORDER BY u.id LIMIT 1", partnerID, contractServiceID, startDate))
	return u, notFound(err)
}

// SetContractServiceUnits sets the units of a period of a contract service.
func (q Q) SetContractServiceUnits(ctx context.Context, id int64, units float64) error {
	return q.execOne(ctx, "UPDATE autotask_contract_service_units SET units = ? WHERE id = ?", units, id)
}
