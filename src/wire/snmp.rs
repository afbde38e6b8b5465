//! SNMP messages (RFC 1157 §4, RFC 3416 §3, RFC 3412 §6): BER structures
//! read with [`super::ber`]. The numbers here name what each element is.
//!
//! ```text
//! v1/v2c: SEQUENCE { version INTEGER, community OCTET STRING, PDU }
//! v3:     SEQUENCE { version INTEGER (3),
//!                    SEQUENCE { msgID, msgMaxSize INTEGER, msgFlags OCTET STRING (1),
//!                               msgSecurityModel INTEGER },
//!                    msgSecurityParameters OCTET STRING (USM: SEQUENCE { engine id,
//!                        boots, time, user name, auth params, priv params }),
//!                    SEQUENCE { contextEngineID, contextName OCTET STRING, PDU } }
//! PDU:    [n] { request-id, error-status, error-index INTEGER,
//!               SEQUENCE OF SEQUENCE { name OBJECT IDENTIFIER, value ANY } }
//! Trap:   [4] { enterprise OBJECT IDENTIFIER, agent-addr IpAddress,
//!               generic-trap, specific-trap INTEGER, time-stamp TimeTicks, varbinds }
//! ```

/// Message versions (the first INTEGER).
pub mod version {
    /// SNMPv1 (RFC 1157).
    pub const V1: i32 = 0;
    /// SNMPv2c (RFC 1901).
    pub const V2C: i32 = 1;
    /// SNMPv2u (RFC 1910, historic).
    pub const V2U: i32 = 2;
    /// SNMPv3 (RFC 3412).
    pub const V3: i32 = 3;
}

/// Context-class tags of the PDUs (RFC 3416 §3).
pub mod pdu {
    /// GetRequest-PDU.
    pub const GET_REQUEST: u8 = 0;
    /// GetNextRequest-PDU.
    pub const GET_NEXT_REQUEST: u8 = 1;
    /// Response-PDU (v1 GetResponse).
    pub const GET_RESPONSE: u8 = 2;
    /// SetRequest-PDU.
    pub const SET_REQUEST: u8 = 3;
    /// v1 Trap-PDU.
    pub const TRAP: u8 = 4;
    /// GetBulkRequest-PDU.
    pub const GET_BULK_REQUEST: u8 = 5;
    /// InformRequest-PDU.
    pub const INFORM_REQUEST: u8 = 6;
    /// SNMPv2-Trap-PDU.
    pub const V2_TRAP: u8 = 7;
    /// Report-PDU.
    pub const REPORT: u8 = 8;
}

/// Application-class tags of the SMI types (RFC 2578 §7.1).
pub mod app {
    /// IpAddress (4 octets).
    pub const IP_ADDRESS: u8 = 0;
    /// Counter32.
    pub const COUNTER: u8 = 1;
    /// Gauge32 / Unsigned32.
    pub const GAUGE: u8 = 2;
    /// TimeTicks.
    pub const TIME_TICKS: u8 = 3;
    /// Opaque.
    pub const OPAQUE: u8 = 4;
    /// Counter64.
    pub const COUNTER64: u8 = 6;
}

/// Context-class primitive tags of the varbind exceptions (RFC 3416 §3).
pub mod exception {
    /// noSuchObject.
    pub const NO_SUCH_OBJECT: u8 = 0;
    /// noSuchInstance.
    pub const NO_SUCH_INSTANCE: u8 = 1;
    /// endOfMibView.
    pub const END_OF_MIB_VIEW: u8 = 2;
}

/// Bits of the one-octet msgFlags (RFC 3412 §6.4).
pub mod msg_flags {
    /// authFlag.
    pub const AUTH: u8 = 0x01;
    /// privFlag.
    pub const PRIV: u8 = 0x02;
    /// reportableFlag.
    pub const REPORTABLE: u8 = 0x04;
}

/// The User-based Security Model's number (RFC 3414).
pub const SECURITY_MODEL_USM: i32 = 3;

/// Length of an IpAddress's contents.
pub const IP_ADDRESS_LEN: u32 = 4;

/// The generic-trap value that says the specific-trap field means something.
pub const GENERIC_TRAP_ENTERPRISE: i32 = 6;
