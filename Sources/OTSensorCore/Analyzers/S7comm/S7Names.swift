/// The name tables of LOGS.md §6.15 and §6.16. A value a table does not list
/// prints as the table's name and the decimal value, `function (99)`, as the
/// Zeek plugin's `table[count] of string &default` does.
enum S7Names {
    static func rosctr(_ value: UInt8) -> String {
        switch value {
        case 1: "Job"
        case 2: "Acknowledge"
        case 3: "Acknowledge Data"
        case 7: "User Data"
        default: "rosctr (\(value))"
        }
    }

    static func function(_ value: UInt8) -> String {
        switch value {
        case 0x00: "CPU Services"
        case 0x04: "Read Variable"
        case 0x05: "Write Variable"
        case 0x1A: "Request Download"
        case 0x1B: "Download Block"
        case 0x1C: "Download Ended"
        case 0x1D: "Start Upload"
        case 0x1E: "Upload"
        case 0x1F: "End Upload"
        case 0x28: "PLC Service"
        case 0x29: "PLC Stop"
        case 0xF0: "Setup Communication"
        default: "function (\(value))"
        }
    }

    static func errorClass(_ value: UInt8) -> String {
        switch value {
        case 0x00: "No error"
        case 0x81: "Application relationship"
        case 0x82: "Object definition"
        case 0x83: "No resources available"
        case 0x84: "Error on service processing"
        case 0x85: "Error on supplies"
        case 0x87: "Access error"
        default: "error_class (\(value))"
        }
    }

    /// `Sucess` is the plugin's spelling, kept because consumers match on it.
    static func returnCode(_ value: UInt8) -> String {
        switch value {
        case 0x00: "Reserved"
        case 0x01: "Hardware error"
        case 0x03: "Accessing the object not allowed"
        case 0x05: "Invalid address"
        case 0x06: "Data type not supported"
        case 0x07: "Data type inconsistent"
        case 0x0A: "Object does not exist"
        case 0xFF: "Sucess"
        default: "return_code (\(value))"
        }
    }

    static func area(_ value: UInt8) -> String {
        switch value {
        case 3: "System Info Of 200 Family"
        case 5: "System Flags Of 200 Family"
        case 6: "Analog Inputs Of 200 Family"
        case 7: "Analog Outputs Of 200 Family"
        case 28: "S7 Counters (C)"
        case 29: "S7 Timers (T)"
        case 30: "IEC Counters (200 Family)"
        case 31: "IEC Timers (200 Family)"
        case 128: "Direct Peripheral Access"
        case 129: "Inputs (I)"
        case 130: "Outputs (Q)"
        case 131: "Flags (M)"
        case 132: "Data Blocks (DB)"
        case 133: "Instance Data Blocks (DBI)"
        case 134: "Local Data (L)"
        case 135: "Unknown Yet (V)"
        default: "area (\(value))"
        }
    }

    static func itemTransportSize(_ value: UInt8) -> String {
        switch value {
        case 1: "Bit"
        case 2: "Byte"
        case 3: "Char"
        case 4: "Word"
        case 5: "Integer"
        case 6: "Double Word"
        case 7: "Double Integer"
        case 8: "Real"
        case 9: "Date"
        case 10: "Time Of Day"
        case 11: "Time"
        case 12: "S5 Time"
        case 15: "Date And Time"
        case 28: "Counter"
        case 29: "Timer"
        case 30: "IEC Timer"
        case 31: "IEC Counter"
        case 32: "Highspeed Counter"
        default: "item_transport_size (\(value))"
        }
    }

    static func dataTransportSize(_ value: UInt8) -> String {
        switch value {
        case 0: "Null"
        case 3: "Bit"
        case 4: "Byte/Word/DWord"
        case 5: "Integer"
        case 6: "Double Integer"
        case 7: "Real"
        case 9: "Octet String"
        case 17: "NCK Address1"
        case 18: "NCK Address2"
        default: "data_transport_size (\(value))"
        }
    }

    static func userDataMode(_ value: UInt8) -> String {
        switch value {
        case 0: "Push"
        case 4: "Request"
        case 8: "Response"
        default: "user_data_function_mode (\(value))"
        }
    }

    /// Group 0 has an empty name, so the element reads `group=`.
    static func userDataGroup(_ value: UInt8) -> String {
        switch value {
        case 0: ""
        case 1: "Programmer Commands"
        case 2: "Cyclic Data"
        case 3: "Block Functions"
        case 4: "CPU Functions"
        case 5: "Security"
        case 6: "PBC Send/Receive"
        case 7: "Time Functions"
        case 15: "NC Programming"
        default: "user_data_function_group (\(value))"
        }
    }

    /// The `sub=` value of a user-data group, or nil for group 0 (which adds
    /// no element). Group 6 reads the time-function table: the plugin's defect,
    /// kept as LOGS.md §6.15 specifies.
    static func userDataSubfunction(group: UInt8, _ value: UInt8) -> String? {
        switch group {
        case 0: nil
        case 1: programmerSubfunction(value)
        case 2: cyclicSubfunction(value)
        case 3: blockSubfunction(value)
        case 4: cpuSubfunction(value)
        case 5: value == 1 ? "PLC Password" : "user_data_sec_subfunction (\(value))"
        case 6, 7: timeSubfunction(value)
        default: "(\(value))"
        }
    }

    /// The spellings `Diagnostric` are the plugin's, kept.
    private static func programmerSubfunction(_ value: UInt8) -> String {
        switch value {
        case 1: "Request Diagnostic Data (Type 1)"
        case 2: "VarTab"
        case 4: "VarTab Response"
        case 12: "Erase"
        case 14: "Read Diagnostic Data"
        case 15: "Remove Diagnostric Data"
        case 16: "Forces"
        case 19: "Request Diagnostric Data (Type 2)"
        case 20: "VarTab Request"
        default: "user_data_programmer_subfunction (\(value))"
        }
    }

    private static func cyclicSubfunction(_ value: UInt8) -> String {
        switch value {
        case 1: "Memory"
        case 4: "Unsubscribe"
        default: "user_data_cyclic_subfunction (\(value))"
        }
    }

    private static func blockSubfunction(_ value: UInt8) -> String {
        switch value {
        case 1: "List Blocks"
        case 2: "List Blocks Of Types"
        case 3: "Get Block Information"
        default: "user_data_block_subfunction (\(value))"
        }
    }

    private static func cpuSubfunction(_ value: UInt8) -> String {
        switch value {
        case 1: "Read SZL"
        case 2: "Message Service"
        case 3: "Stop"
        case 4: "Alarm Indication"
        case 5: "Alarm Initiate"
        case 6: "Alarm Acknowledge1"
        case 7: "Alarm Acknowledge2"
        default: "user_data_cpu_subfunction (\(value))"
        }
    }

    private static func timeSubfunction(_ value: UInt8) -> String {
        switch value {
        case 1: "Read Clock"
        case 2: "Set Clock"
        case 3: "Read Clock (Following)"
        case 4: "Set Clock (2)"
        default: "user_data_time_subfunction (\(value))"
        }
    }

    static func vartabArea(_ value: UInt8) -> String {
        switch value {
        case 0x01: "MB"
        case 0x02: "MW"
        case 0x03: "MD"
        case 0x11: "IB"
        case 0x12: "IW"
        case 0x13: "ID"
        case 0x21: "QB"
        case 0x22: "QW"
        case 0x23: "QD"
        case 0x31: "PIB"
        case 0x32: "PIW"
        case 0x33: "PID"
        case 0x71: "DBB"
        case 0x72: "DBW"
        case 0x73: "DBD"
        case 0x54: "Timer"
        case 0x64: "Counter"
        default: "vartab_area (\(value))"
        }
    }

    /// iso_cotp.log's `pdu_type` (LOGS.md §6.16): the whole type byte, credit
    /// nibble included, so a CR with credit 1 (0xE1) is `cotp_type (225)` and
    /// a standard AK (0x60) is `cotp_type (96)`.
    static func cotpType(_ value: UInt8) -> String {
        switch value {
        case 0x00: "NOP"
        case 0x10: "Expedited Data"
        case 0x20: "CLTP User Data"
        case 0x40: "Expedited Data Acknowledge"
        case 0x50: "Reject"
        case 0x70: "Acknowledge Data"
        case 0x80: "Disconnect Request"
        case 0xC0: "Disconnect Confirm"
        case 0xD0: "Connect Confirm"
        case 0xE0: "Connect Request"
        case 0xF0: "Data"
        default: "cotp_type (\(value))"
        }
    }
}
